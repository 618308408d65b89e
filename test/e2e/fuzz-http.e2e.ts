import type { MqttClient } from 'mqtt';
import { connectMqtt } from '../support/clients';
import { freshLatitude, openIncident } from '../support/api';
import { hostileValue, Rng, seedFromEnv } from '../support/fuzz';
import { HEAP_MARGIN_BYTES, heapAfterGc, INSPECTABLE } from '../support/heap';
import { HubProcess } from '../support/hub-process';

// The HTTP half of the fuzz campaign (docs/security.md): 10,000 mutated requests over every
// route of the OpenAPI document plus the public ones; no answer may be a 5xx, and the hub
// must still be healthy afterwards.

/** Bodies above this (the hub's limit is smaller) may be cut off with a reset. */
const OVERSIZED_BODY_BYTES = 200_000;
/**
 * Node's HTTP parser refuses a request line and headers over 16 KiB (`431`) and closes the
 * socket at once; a client still sending the rest may see the reset instead of the 431.
 */
const OVERSIZED_HEAD_BYTES = 16 * 1024;
const REQUESTS = Number(process.env.FUZZ_HTTP_REQUESTS ?? 10_000);
const CONCURRENCY = 24;
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'] as const;

interface Route {
  method: string;
  path: string;
}

// PostgreSQL too: it refuses what SQLite stores (a NUL in text), which once made a 500.
describe.each(['sqlite', 'postgres'] as const)(
  'fuzz: 10,000 mutated HTTP requests over every route (%s)',
  (database) => {
    let hub: HubProcess;
    let device: MqttClient;
    let routes: Route[];
    let tokens: string[];
    let incidentIds: string[];

    beforeAll(async () => {
      hub = await HubProcess.start(`fuzz-http-${database}`, {
        broker: 'embedded',
        database,
        env: INSPECTABLE,
      });
      device = await connectMqtt(hub.mqttUrl);
      const admin = await hub.login('admin');
      tokens = [admin, await hub.login('operator'), await hub.login('dispatcher')];
      incidentIds = [];
      for (let i = 0; i < 3; i++)
        incidentIds.push((await openIncident(hub, device, admin, { lat: freshLatitude() })).id);
      const doc = (await (await fetch(`${hub.baseUrl}/api/docs-json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
      );
      routes.push(
        { method: 'GET', path: '/health' },
        { method: 'GET', path: '/metrics' },
        { method: 'GET', path: '/api/docs-json' },
        { method: 'GET', path: '/' },
        { method: 'GET', path: '/socket.io/' },
      );
    });

    afterAll(async () => {
      await device?.endAsync();
      await hub?.dispose();
    });

    function fillPath(rng: Rng, path: string): string {
      return path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name === 'username')
          return rng.pick(['operator', 'dispatcher', 'nobody', '%00', 'a'.repeat(300)]);
        return rng.pick([
          ...incidentIds,
          'unit-1',
          'nope',
          '..%2F..%2Fetc%2Fpasswd',
          '%ff%fe',
          '%00',
          encodeURIComponent('é🔥'),
          'x'.repeat(rng.int(3000)),
        ]);
      });
    }

    function query(rng: Rng): string {
      if (rng.chance(0.5)) return '';
      const keys = [
        'status',
        'category',
        'severity',
        'bbox',
        'since',
        'limit',
        'metric',
        'from',
        'to',
        '__proto__',
        'constructor',
      ];
      const values = [
        '',
        '-1',
        '0',
        '99999999999',
        'NaN',
        '1e400',
        'open,closed',
        '1,2,3',
        'a,b,c,d',
        '2026-13-45',
        '%00',
        '%ff',
        '[]',
        'x'.repeat(5000),
      ];
      const pairs = Array.from({ length: 1 + rng.int(4) }, () => {
        const key = rng.pick(keys);
        return `${key}${rng.chance(0.2) ? '[]' : rng.chance(0.1) ? '[a][b][c]' : ''}=${rng.pick(values)}`;
      });
      return `?${pairs.join('&')}`;
    }

    function body(rng: Rng): { data: Buffer | string | undefined; type: string | undefined } {
      const type = rng.pick([
        'application/json',
        'application/json',
        'application/json; charset=latin1',
        'text/plain',
        'application/x-www-form-urlencoded',
        undefined,
      ]);
      const shapes = [
        () => undefined,
        () =>
          JSON.stringify({
            version: rng.int(5),
            note: 'n',
            unitId: 'unit-1',
            resolution: 'handled',
            text: 'hello',
            username: `fz${rng.int(1e6)}`,
            password: 'fuzz-password-1',
            role: rng.pick(['operator', 'admin', 'x']),
            type: 'fire.smoke',
            location: { lat: 11.9, lon: 108.4 },
            description: 'd',
            id: `u${rng.int(100)}`,
            name: 'n',
            kind: 'fire_truck',
          }),
        () => `{"a":${hostileValue(rng)}}`,
        () => hostileValue(rng),
        () => `{"version":${hostileValue(rng)},"note":${hostileValue(rng)}}`,
        () => `{"username":"admin","password":${hostileValue(rng)}}`,
        () => '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}',
        () =>
          Buffer.concat([Buffer.from('{"text":"'), rng.bytes(1 + rng.int(64)), Buffer.from('"}')]),
        () =>
          `{"version":${rng.int(5)},"text":"a\\u0000b","note":"\\u0000","resolution":"handled","unitId":"u\\u0000","description":"d\\u0000","type":"fire.smoke","location":{"lat":11.9,"lon":108.4},"id":"u\\u0000${rng.int(99)}","name":"\\u0000","kind":"fire_truck","username":"a\\u0000${rng.int(99)}","password":"fuzz-password-\\u0000","role":"operator"}`,
        () => '{"truncated":',
        () => 'x'.repeat(300_000),
      ];
      return { data: rng.pick(shapes)(), type };
    }

    it('answers every request without a 5xx and stays healthy', async () => {
      const seed = seedFromEnv();
      const rng = new Rng(seed);
      const heapBefore = await heapAfterGc(hub);
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < REQUESTS) {
            next++;
            const route = rng.pick(routes);
            const method = rng.chance(0.8) ? route.method : rng.pick(METHODS);
            const path = `${fillPath(rng, route.path)}${query(rng)}`;
            const { data, type } =
              method === 'GET' || method === 'HEAD'
                ? { data: undefined, type: undefined }
                : body(rng);
            const headers: Record<string, string> = {};
            if (type) headers['content-type'] = type;
            // Never a real token on logout: it would end the sessions the rest of the run uses.
            const authorization = rng.pick([
              // Mostly the admin's: its account is never patched, so its token lasts the run.
              ...(route.path.endsWith('/logout')
                ? []
                : [...tokens, tokens[0] ?? '', tokens[0] ?? '']),
              'Bearer forged.token.here',
              'Bearer ',
              'Basic YWRtaW46YWRtaW4=',
              '',
            ]);
            if (authorization) headers.authorization = authorization;
            if (rng.chance(0.1)) headers['x-api-key'] = rng.pick(['', 'k'.repeat(20), '%00']);
            let status: number;
            try {
              const response = await fetch(`${hub.baseUrl}${path}`, {
                method,
                headers,
                body: typeof data === 'string' || data === undefined ? data : new Uint8Array(data),
              });
              status = response.status;
              await response.arrayBuffer();
            } catch (error) {
              // An oversized body (413) or head (431) is answered before the request ends and
              // the socket is closed; a client still sending may see the reset instead.
              const size = typeof data === 'string' ? Buffer.byteLength(data) : (data?.length ?? 0);
              const head = Buffer.byteLength(path) + JSON.stringify(headers).length;
              if (size > OVERSIZED_BODY_BYTES || head > OVERSIZED_HEAD_BYTES) {
                statuses.set(0, (statuses.get(0) ?? 0) + 1);
                continue;
              }
              failures.push(`${method} ${path.slice(0, 120)}: ${String(error)}`);
              continue;
            }
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status >= 500) failures.push(`${method} ${path.slice(0, 120)} → ${status}`);
          }
        }),
      );
      console.log(`fuzz-http seed ${seed}: ${JSON.stringify(Object.fromEntries(statuses))}`);
      expect(failures.slice(0, 20)).toEqual([]);
      expect((await fetch(`${hub.baseUrl}/health`)).status).toBe(200);
      expect((await heapAfterGc(hub)) - heapBefore).toBeLessThan(HEAP_MARGIN_BYTES);
      // The admin token is never revoked by the run (its account is not patched, no logout).
      expect(
        (
          await fetch(`${hub.baseUrl}/api/incidents`, {
            headers: { authorization: `Bearer ${tokens[0]}` },
          })
        ).status,
      ).toBe(200);
    });
  },
);
