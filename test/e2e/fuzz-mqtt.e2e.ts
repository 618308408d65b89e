import type { MqttClient } from 'mqtt';
import { topics, type Device, type EventType } from '@ioc/shared';
import { connectMqtt } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { mutateJson, Rng, seedFromEnv, hostileValue } from '../support/fuzz';
import { HEAP_MARGIN_BYTES, heapAfterGc, INSPECTABLE } from '../support/heap';
import { HubProcess } from '../support/hub-process';
import { counterValue, metricsText } from '../support/metrics';

// The MQTT half of the fuzz campaign (docs/security.md): 100,000 generated payloads, and
// every one is accounted for as accepted, duplicate or rejected with a reason.

const MESSAGES = Number(process.env.FUZZ_MQTT_MESSAGES ?? 100_000);
const PUBLISHERS = 4;
const IN_FLIGHT = 250;
const MAX_ARRAY = 500;
const MAX_BYTES = 64 * 1024;
const TYPES: EventType[] = ['fire.smoke', 'urban.crowd', 'traffic.accident', 'air.pollution'];
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

type Channel = 'events' | 'telemetry' | 'birth' | 'bad';
interface Message {
  topic: string;
  payload: Buffer;
  channel: Channel;
}

/**
 * How many outcomes (accepted, duplicate, rejected) the hub owes one message: one per
 * element of a JSON array of at most 500 (docs/contract.md §3), else one; an empty birth
 * (clearing the retained one) owes none.
 */
function outcomes(message: Message): number {
  if (message.channel === 'birth') return message.payload.length === 0 ? 0 : 1;
  if (message.channel === 'bad' || message.payload.length > MAX_BYTES) return 1;
  try {
    const value: unknown = JSON.parse(strictUtf8.decode(message.payload));
    return Array.isArray(value) && value.length <= MAX_ARRAY ? value.length : 1;
  } catch {
    return 1;
  }
}

function validEvent(rng: Rng): Record<string, unknown> {
  return {
    // A small id space: repeats are duplicates, which must be counted too.
    id: `fz-${rng.int(20_000)}`,
    ts: new Date(Date.now() - rng.int(600_000)).toISOString(),
    type: rng.pick(TYPES),
    confidence: rng.next(),
    location: { lat: 11.9 + rng.int(4) * 0.2, lon: 108.4 },
    attributes: { n: rng.int(100) },
  };
}

function validTelemetry(rng: Rng): Record<string, unknown> {
  return { ts: Date.now() - rng.int(60_000), readings: { pm25: rng.int(400), noise: 40 } };
}

function validBirth(rng: Rng): Record<string, unknown> {
  return {
    kind: 'sensor',
    name: `fuzz sensor ${rng.int(1000)}`,
    location: { lat: 11.9, lon: 108.4 },
    zone: 'fuzz',
    capabilities: ['pm25'],
  };
}

function generate(rng: Rng, n: number, root: string): Message {
  const roll = rng.int(100);
  const eventsTopic = topics.events(`fz-e-${rng.int(50)}`, root);
  if (roll < 10) return { topic: eventsTopic, payload: rng.bytes(rng.int(400)), channel: 'events' };
  if (roll < 40) {
    const event = validEvent(rng);
    const payload = rng.chance(0.3) ? Buffer.from(JSON.stringify(event)) : mutateJson(rng, event);
    return { topic: eventsTopic, payload, channel: 'events' };
  }
  if (roll < 50) {
    const items = Array.from({ length: 1 + rng.int(6) }, () =>
      rng.chance(0.5) ? JSON.stringify(validEvent(rng)) : hostileValue(rng),
    );
    return { topic: eventsTopic, payload: Buffer.from(`[${items.join(',')}]`), channel: 'events' };
  }
  if (roll < 52) {
    const many = Array.from({ length: MAX_ARRAY + 1 + rng.int(50) }, () => '{}').join(',');
    return { topic: eventsTopic, payload: Buffer.from(`[${many}]`), channel: 'events' };
  }
  if (roll < 75) {
    const topic = topics.telemetry(`fz-t-${rng.int(50)}`, root);
    const reading = validTelemetry(rng);
    const payload = rng.chance(0.3)
      ? Buffer.from(JSON.stringify(reading))
      : mutateJson(rng, reading);
    return { topic, payload, channel: 'telemetry' };
  }
  if (roll < 85) {
    // A device id used once: an accepted birth is then visible as one registered device.
    const topic = topics.birth(`fz-b-${n}`, root);
    const birth = validBirth(rng);
    const payload = rng.chance(0.3) ? Buffer.from(JSON.stringify(birth)) : mutateJson(rng, birth);
    return { topic, payload, channel: 'birth' };
  }
  if (roll < 90) {
    const topic = `${root}/devices/${rng.pick(['bad id!', 'x/y/z', 'ok', '%00'])}/${rng.pick(['events', 'nope', ''])}`;
    return { topic, payload: Buffer.from('{}'), channel: 'bad' };
  }
  const payload = Buffer.concat([
    Buffer.from('{"id":"'),
    rng.bytes(1 + rng.int(40)),
    Buffer.from('","ts":0,"type":"fire.smoke"}'),
  ]);
  return { topic: eventsTopic, payload, channel: 'events' };
}

describe('fuzz: 100,000 generated MQTT payloads', () => {
  let hub: HubProcess;
  let publishers: MqttClient[] = [];

  beforeAll(async () => {
    hub = await HubProcess.start('fuzz-mqtt', {
      broker: 'embedded',
      database: 'sqlite',
      env: INSPECTABLE,
    });
    publishers = await Promise.all(
      Array.from({ length: PUBLISHERS }, () => connectMqtt(hub.mqttUrl)),
    );
  });

  afterAll(async () => {
    await Promise.all(publishers.map((p) => p.endAsync()));
    await hub?.dispose();
  });

  const owedSoFar = async (): Promise<number> => {
    const text = await metricsText(hub.baseUrl);
    return (
      counterValue(text, 'ioc_events_accepted_total') +
      counterValue(text, 'ioc_events_duplicate_total') +
      counterValue(text, 'ioc_telemetry_accepted_total') +
      counterValue(text, 'ioc_events_rejected_total')
    );
  };

  it('accounts for every payload, never crashes, and returns to its memory baseline', async () => {
    const seed = seedFromEnv();
    const rng = new Rng(seed);
    const token = await hub.login('operator');
    const heapBefore = await heapAfterGc(hub);
    const owedBefore = await owedSoFar();
    let owed = 0;
    let births = 0;
    let next = 0;
    const started = Date.now();
    // Each publisher keeps IN_FLIGHT QoS 1 messages outstanding; the embedded broker
    // acknowledges a message once the hub has handled it.
    await Promise.all(
      publishers.flatMap((client) =>
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < MESSAGES) {
            const n = next++;
            const message = generate(rng, n, hub.topicRoot);
            owed += outcomes(message);
            if (message.channel === 'birth' && message.payload.length > 0) births++;
            await client.publishAsync(message.topic, message.payload, { qos: 1 });
          }
        }),
      ),
    );
    const sentMs = Date.now() - started;

    const registered = async (): Promise<number> =>
      (await hub.get<Device[]>('/api/devices', token)).filter(
        (d) => d.id.startsWith('fz-b-') && d.registered,
      ).length;
    await expectEventually(
      async () => {
        expect((await owedSoFar()) - owedBefore + (await registered())).toBe(owed);
      },
      30_000,
      250,
    ).catch((error: unknown) => {
      throw new Error(`seed ${seed}: ${String(error)}`);
    });
    expect(births).toBeGreaterThan(0);
    expect((await fetch(`${hub.baseUrl}/health`)).status).toBe(200);
    expect(hub.logs).not.toMatch(/uncaught|unhandled/i);
    // Memory back to its baseline: what the campaign allocated is collectable.
    const heapAfter = await heapAfterGc(hub);
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_MARGIN_BYTES);
    console.log(
      `fuzz-mqtt seed ${seed}: ${MESSAGES} messages, ${owed} outcomes, sent in ${sentMs} ms, heap ${heapBefore} → ${heapAfter}`,
    );
  });
});
