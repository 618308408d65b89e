import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Device, Incident, LiveSnapshot, LiveStats, ResyncResult } from '@ioc/shared';
import type { ConnectionStatus } from '../state/connection-state';
import { makeDevice, makeIncident } from '../testing/fixtures';
import { LiveClient, type LiveSocket } from './live-client';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket to drive LiveClient from a test. */
class FakeSocket {
  active = true;
  readonly handlers = new Map<string, Handler[]>();
  readonly emitted: { event: string; args: unknown[] }[] = [];
  disconnected = false;

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, args });
    return this;
  }
  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }
  disconnect(): this {
    this.disconnected = true;
    this.active = false;
    return this;
  }
  connect(): this {
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

function setup(lastSeq = 0) {
  const socket = new FakeSocket();
  const seen = {
    incidents: [] as Incident[],
    devices: [] as Device[],
    stats: [] as LiveStats[],
    statuses: [] as ConnectionStatus[],
    resynced: [] as ResyncResult[],
    rejected: [] as string[],
    ended: [] as string[],
    snapshots: [] as LiveSnapshot[],
  };
  let seq = lastSeq;
  const tokens: string[] = [];
  const client = new LiveClient(
    {
      incident: (incident) => seen.incidents.push(incident),
      device: (device) => seen.devices.push(device),
      stats: (stats) => seen.stats.push(stats),
      status: (status) => seen.statuses.push(status),
      lastSeq: () => seq,
      resynced: (result) => seen.resynced.push(result),
      rejected: (message) => seen.rejected.push(message),
      ended: (reason) => seen.ended.push(reason),
      snapshot: (added) => seen.snapshots.push(added),
    },
    (token) => {
      tokens.push(token);
      return socket as unknown as LiveSocket;
    },
  );
  return { socket, seen, client, tokens, setSeq: (value: number) => (seq = value) };
}

describe('LiveClient', () => {
  beforeEach(() => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('asks for a replay since the last seq on every (re)connect', () => {
    const { socket, seen, client, tokens, setSeq } = setup(41);
    client.start('token-1');
    expect(tokens).toEqual(['token-1']);
    socket.fire('connect');
    expect(socket.emitted[0]?.event).toBe('resync');
    expect(socket.emitted[0]?.args[0]).toEqual({ sinceSeq: 41 });
    const ack = socket.emitted[0]?.args[1] as (result: unknown) => void;
    ack({ ok: true, data: { replayed: 3, lastSeq: 44 } });
    expect(seen.resynced).toEqual([{ replayed: 3, lastSeq: 44 }]);

    socket.fire('disconnect', 'transport close');
    setSeq(50);
    socket.fire('connect');
    expect(socket.emitted[1]?.args[0]).toEqual({ sinceSeq: 50 });
    expect(seen.statuses).toEqual(['connecting', 'connected', 'disconnected', 'connected']);
  });

  it('passes on valid payloads and drops invalid ones with a warning', () => {
    const { socket, seen, client } = setup();
    client.start('t');
    socket.fire('incident', makeIncident({ id: 'ok' }));
    socket.fire('incident', { ...makeIncident(), severity: 'apocalyptic' });
    socket.fire('device', makeDevice());
    socket.fire('device', { id: 'no spaces allowed' });
    socket.fire('stats', {
      at: 'now',
      openBySeverity: { high: 1 },
      eventsPerSecond: 2,
      devicesOnline: 3,
      devicesOffline: 0,
      lastSeq: 9,
    });
    socket.fire('stats', { at: 'now' });
    expect(seen.incidents.map((i) => i.id)).toEqual(['ok']);
    expect(seen.devices).toHaveLength(1);
    expect(seen.stats).toHaveLength(1);
    expect(console.warn).toHaveBeenCalledTimes(3);
  });

  it('passes on a new frame of an incident (snapshot push) and drops a malformed one', () => {
    const { socket, seen, client } = setup();
    client.start('t');
    const added: LiveSnapshot = {
      incidentId: 'inc-1',
      deviceId: 'cam-1',
      eventId: 'smoke-1',
      snapshot: {
        id: 'ab'.repeat(16),
        url: `/api/snapshots/${'ab'.repeat(16)}`,
        contentType: 'image/png',
        bytes: 68,
        receivedAt: '2026-12-02T03:00:00.000Z',
      },
    };
    socket.fire('snapshot', added);
    socket.fire('snapshot', { incidentId: 'inc-1', snapshot: { id: 'x' } });
    expect(seen.snapshots).toEqual([added]);
    expect(console.warn).toHaveBeenCalledTimes(1);
  });

  it('treats a refused handshake as the end of the session, a network error as a lost link', () => {
    const { socket, seen, client } = setup();
    client.start('t');
    socket.fire('connect_error', new Error('xhr poll error'));
    expect(seen.rejected).toEqual([]);
    expect(seen.statuses.at(-1)).toBe('disconnected');

    socket.active = false;
    socket.fire('connect_error', new Error('too many connections for operator'));
    expect(seen.rejected).toEqual([]);
    socket.fire('connect_error', new Error('unauthorized'));
    expect(seen.rejected).toEqual(['unauthorized']);
    client.stop();
  });

  it('ignores an unacknowledged resync without crashing', () => {
    const { socket, seen, client } = setup();
    client.start('t');
    socket.fire('connect');
    const ack = socket.emitted[0]?.args[1] as (result: unknown) => void;
    ack({ ok: false, error: 'busy' });
    ack('garbage');
    expect(seen.resynced).toEqual([]);
  });

  it('resyncs again from lastSeq while the hub says more', () => {
    const { socket, seen, client, setSeq } = setup(0);
    client.start('t');
    socket.fire('connect');
    setSeq(1000);
    (socket.emitted[0]?.args[1] as (result: unknown) => void)({
      ok: true,
      data: { replayed: 1000, lastSeq: 1000, more: true },
    });
    expect(socket.emitted[1]?.args[0]).toEqual({ sinceSeq: 1000 });
    (socket.emitted[1]?.args[1] as (result: unknown) => void)({
      ok: true,
      data: { replayed: 3, lastSeq: 1003, more: false },
    });
    expect(socket.emitted).toHaveLength(2);
    expect(seen.resynced.map((r) => r.lastSeq)).toEqual([1000, 1003]);
    client.stop();
  });

  it('reports a session the hub ended and does not reconnect with its token', () => {
    jest.useFakeTimers();
    const { socket, seen, client } = setup();
    const connect = jest.spyOn(socket, 'connect');
    client.start('t');
    socket.fire('connect');
    socket.fire('session', { reason: 'expired' });
    socket.fire('disconnect', 'io server disconnect');
    jest.advanceTimersByTime(60_000);
    expect(seen.ended).toEqual(['expired']);
    expect(connect).not.toHaveBeenCalled();
    client.stop();
    jest.useRealTimers();
  });

  it('removes its listeners and disconnects on stop', () => {
    const { socket, client } = setup();
    client.start('t');
    client.stop();
    expect(socket.handlers.size).toBe(0);
    expect(socket.disconnected).toBe(true);
  });
});
