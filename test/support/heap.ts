import WebSocket from 'ws';
import type { HubProcess } from './hub-process';
import { counterValue, metricsText } from './metrics';

/** NODE_OPTIONS for a hub whose heap a test measures: the inspector on an ephemeral port. */
export const INSPECTABLE = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

/**
 * Runs a full garbage collection in the hub through its inspector (started with
 * INSPECTABLE), so a heap figure read next counts live objects, not garbage V8 has not
 * bothered to collect yet.
 */
export async function collectGarbage(hubLogs: string): Promise<void> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(hubLogs)?.[1];
  if (!url) throw new Error('the hub was not started with its inspector (INSPECTABLE)');
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data: Buffer) => {
        const reply = JSON.parse(data.toString()) as { id?: number; error?: unknown };
        if (reply.id !== 1) return;
        if (reply.error) reject(new Error(JSON.stringify(reply.error)));
        else resolve();
      });
      socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    });
  } finally {
    socket.close();
  }
}

/** The hub's heap in use after a full collection (bytes), from its own /metrics. */
export async function heapAfterGc(hub: HubProcess): Promise<number> {
  await collectGarbage(hub.logs);
  return counterValue(await metricsText(hub.baseUrl), 'ioc_nodejs_heap_size_used_bytes');
}

/**
 * What a campaign may leave on the heap: what the hub keeps by design (devices it was
 * told about, duplicate keys, open incidents, correlation windows, all bounded).
 */
export const HEAP_MARGIN_BYTES = 32 * 2 ** 20;
