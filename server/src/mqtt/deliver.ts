/**
 * What the hub does with one device message. `done` is called exactly once: with no
 * argument when everything the message carried is durable (stored, or its rejection
 * recorded), with an error when it could not be stored (database down, shutting down) —
 * the transport must then NOT acknowledge it. Callbacks, not promises: this runs for every
 * message, and the hot path allocates no promise per message.
 */
export type MessageHandler = (
  topic: string,
  payload: Buffer,
  done: (error?: Error) => void,
) => void;
export type HandlerErrorSink = (topic: string, error: unknown) => void;

/**
 * Hands one message to the handler; `done` is the transport's acknowledgement (a PUBACK
 * when it has no error), called at most once whatever the handler does.
 *
 * A handler that throws has a bug, not a storage failure: it is reported and the message
 * counts as handled. Refusing it instead would make the device (or the external broker)
 * resend the same message forever, and on an external broker hold up every device behind
 * it; a message that cannot be processed at all is treated like a rejected one.
 */
export function deliver(
  handler: MessageHandler,
  topic: string,
  payload: Buffer | string,
  done: (error?: Error) => void,
  onError: HandlerErrorSink,
): void {
  let settled = false;
  const once = (error?: Error): void => {
    if (settled) return;
    settled = true;
    done(error);
  };
  try {
    handler(topic, typeof payload === 'string' ? Buffer.from(payload) : payload, once);
  } catch (error) {
    onError(topic, error);
    once();
  }
}
