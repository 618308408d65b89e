import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { PublisherClient } from './publisher-client';
import { nowMs } from './stream';
import { sleep } from './stats';

export interface CeilingResult {
  published: number;
  received: number;
  parseErrors: number;
  /** Events per second the bare subscriber received (first to last message). */
  rate: number;
  /** Events per second the publisher managed (first publish to last PUBACK). */
  publishRate: number;
  publisherCpuMs: number;
}

/**
 * The ceiling: a bare mqtt.js subscriber (QoS 1, what mqtt.js does by default: PUBACK at
 * once) that only JSON.parses each message, fed the same stream from the same broker as
 * fast as the publisher can go. It listens on its own topic root, which the hub does not
 * subscribe to, so the hub is idle meanwhile (the embedded broker still runs in its process).
 */
export async function measureCeiling(options: {
  url: string;
  topicRoot: string;
  publisher: PublisherClient;
  block: number;
  lanes: number;
  count: number;
  inflight: number;
}): Promise<CeilingResult> {
  const subscriber = await mqtt.connectAsync(options.url, {
    clientId: `bench-ceiling-${randomBytes(4).toString('hex')}`,
    clean: true,
    reconnectPeriod: 0,
    protocolVersion: 4,
  });
  let received = 0;
  let parseErrors = 0;
  let first = 0;
  let last = 0;
  subscriber.on('message', (_topic, payload) => {
    const t = nowMs();
    try {
      JSON.parse(payload.toString());
    } catch {
      parseErrors++;
    }
    if (received++ === 0) first = t;
    last = t;
  });
  try {
    await subscriber.subscribeAsync(`${options.topicRoot}/devices/+/events`, { qos: 1 });
    const result = await options.publisher.run(
      {
        topicRoot: options.topicRoot,
        block: options.block,
        lanes: options.lanes,
        idPrefix: 'ceiling',
        count: options.count,
        rate: 0,
        inflight: options.inflight,
        dupEvery: 0,
        maxMs: 120_000,
      },
      () => undefined,
    );
    // Wait for the tail; stop when nothing more arrives for 2 s (a broker may drop).
    let seen = -1;
    let quietSince = nowMs();
    while (received < result.published && nowMs() - quietSince < 2_000) {
      if (received !== seen) {
        seen = received;
        quietSince = nowMs();
      }
      await sleep(20);
    }
    return {
      published: result.published,
      received,
      parseErrors,
      rate: received > 1 ? ((received - 1) * 1000) / (last - first) : 0,
      publishRate: (result.published * 1000) / (result.endedAt - result.startedAt),
      publisherCpuMs: result.cpuMs,
    };
  } finally {
    await subscriber.endAsync();
  }
}
