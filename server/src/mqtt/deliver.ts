export type MessageHandler = (topic: string, payload: Buffer) => Promise<void> | void;
export type HandlerErrorSink = (topic: string, error: unknown) => void;

/**
 * Runs the hub's handler on one device message and acknowledges it (`done`: the PUBACK)
 * once the handler is finished. A synchronous handler, the common case, is acknowledged at
 * once, without a promise turn. A failing handler is reported and the message still
 * acknowledged: it was received, and the handler counts what it rejects.
 */
export function deliver(
  handler: MessageHandler,
  topic: string,
  payload: Buffer | string,
  done: () => void,
  onError: HandlerErrorSink,
): void {
  let result: Promise<void> | void;
  try {
    result = handler(topic, typeof payload === 'string' ? Buffer.from(payload) : payload);
  } catch (error) {
    onError(topic, error);
    done();
    return;
  }
  if (!result) {
    done();
    return;
  }
  result.then(done, (error: unknown) => {
    onError(topic, error);
    done();
  });
}
