import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HubClient, HubError, HubUnreachableError, counter, parsePrometheus } from './hub.client';

/** A stand-in hub on an ephemeral port, answering as each test wants. */
async function fakeHub(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('HubClient', () => {
  let hub: { url: string; server: Server };
  const seen: { method?: string; url?: string; body: string; auth?: string; key?: string }[] = [];

  beforeAll(async () => {
    hub = await fakeHub((req, body, res) => {
      seen.push({
        method: req.method,
        url: req.url,
        body,
        auth: req.headers.authorization,
        key: req.headers['x-api-key'] as string | undefined,
      });
      if (req.url === '/api/auth/login') {
        const { password } = JSON.parse(body) as { password: string };
        if (password !== 'right')
          return json(res, 401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'no' });
        return json(res, 200, {
          accessToken: 'tok',
          user: { username: 'operator', role: 'operator' },
        });
      }
      if (req.url === '/api/reports')
        return json(res, 404, {
          statusCode: 404,
          code: 'NOT_FOUND',
          message: 'Cannot POST /api/reports',
        });
      if (req.url?.startsWith('/api/incidents?'))
        return json(res, 200, { items: [{ id: 'x' }], total: 1 });
      return json(res, 500, { statusCode: 500, code: 'INTERNAL', message: 'boom' });
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => hub.server.close(() => resolve()));
  });

  it('logs in and sends the token; a refused login names the user', async () => {
    await expect(
      HubClient.login(hub.url, { username: 'operator', password: 'wrong' }),
    ).rejects.toThrow('the hub refused the login of operator (401)');
    const client = await HubClient.login(hub.url, { username: 'operator', password: 'right' });
    expect(client.token).toBe('tok');
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ username: 'operator', password: 'right' });
    await expect(client.incidents({ since: new Date(0) })).rejects.toThrow(
      /does not match the contract \(items\.0\./,
    );
    expect(seen.at(-1)).toEqual(
      expect.objectContaining({
        url: '/api/incidents?limit=5000&since=1970-01-01T00%3A00%3A00.000Z',
        auth: 'Bearer tok',
      }),
    );
  });

  it('says plainly when the hub has no citizen reports', async () => {
    const client = await HubClient.login(hub.url, { username: 'operator', password: 'right' });
    const report = {
      type: 'traffic.accident' as const,
      location: { lat: 11.9, lon: 108.4 },
      description: 'crash',
    };
    await expect(client.report(report)).rejects.toThrow('this hub has no POST /api/reports (404)');
    const withKey = await HubClient.login(
      hub.url,
      { username: 'operator', password: 'right' },
      { apiKey: 'k-123' },
    );
    await expect(withKey.report(report)).rejects.toThrow(HubError);
    expect(seen.at(-1)).toEqual(expect.objectContaining({ key: 'k-123', auth: undefined }));
  });

  it('maps HTTP errors and an unreachable hub', async () => {
    await expect(HubClient.anonymous(hub.url).metricsText()).rejects.toThrow(
      'GET /metrics: HTTP 500',
    );
    await expect(HubClient.anonymous('http://127.0.0.1:9').metricsText()).rejects.toThrow(
      HubUnreachableError,
    );
  });
});

describe('Prometheus text', () => {
  it('reads counters by name and labels', () => {
    const m = parsePrometheus(
      [
        '# TYPE ioc_events_rejected_total counter',
        'ioc_events_rejected_total{reason="invalid_json"} 3',
        'ioc_events_rejected_total{reason="bad_topic"} 2',
        'ioc_events_duplicate_total 7',
        'ioc_process_cpu_seconds_total 1.5e-2',
        'garbage line',
      ].join('\n'),
    );
    expect(counter(m, 'ioc_events_rejected_total', { reason: 'invalid_json' })).toBe(3);
    expect(counter(m, 'ioc_events_rejected_total')).toBe(5);
    expect(counter(m, 'ioc_events_duplicate_total')).toBe(7);
    expect(counter(m, 'ioc_process_cpu_seconds_total')).toBeCloseTo(0.015);
    expect(counter(m, 'ioc_missing_total')).toBe(0);
  });
});

describe('HubClient provisioning (issue 14)', () => {
  const device = {
    id: 'cam-1',
    kind: 'camera' as const,
    name: 'Camera 1',
    location: { lat: 11.9, lon: 108.4 },
    zone: 'center',
    capabilities: [],
  };
  let hub: { url: string; server: Server };
  let bulkStatus = 201;
  const bodies: unknown[] = [];

  beforeAll(async () => {
    hub = await fakeHub((req, body, res) => {
      if (req.url === '/api/auth/login')
        return json(res, 200, { accessToken: 'tok', user: { username: 'admin', role: 'admin' } });
      if (req.method === 'POST' && req.url === '/api/devices/bulk') {
        bodies.push(JSON.parse(body));
        if (bulkStatus !== 201) return json(res, bulkStatus, { message: 'no' });
        return json(res, 201, {
          created: [{ id: 'cam-1', credentials: { username: 'cam-1', password: 'p1' } }],
          errors: [{ line: 2, reason: 'cam-2 exists' }],
        });
      }
      if (req.method === 'POST' && req.url === '/api/devices/cam-2/credentials')
        return json(res, 200, { credentials: { username: 'cam-2', password: 'p2' } });
      return json(res, 404, { message: 'Not Found' });
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => hub.server.close(() => resolve()));
  });

  it('registers devices in bulk as a JSON array and rotates a known device', async () => {
    const admin = await HubClient.login(hub.url, { username: 'admin', password: 'x' });
    const answer = await admin.registerDevices([device, { ...device, id: 'cam-2' }]);
    expect(bodies.at(-1)).toEqual([device, { ...device, id: 'cam-2' }]);
    expect(answer.created).toEqual([
      { id: 'cam-1', credentials: { username: 'cam-1', password: 'p1' } },
    ]);
    expect(answer.errors).toEqual([{ line: 2, reason: 'cam-2 exists' }]);
    expect(await admin.rotateCredentials('cam-2')).toEqual({ username: 'cam-2', password: 'p2' });
    expect(await admin.rotateCredentials('nobody')).toBeNull();
  });

  it('says plainly when the hub predates provisioning, or the user is no admin', async () => {
    const admin = await HubClient.login(hub.url, { username: 'admin', password: 'x' });
    bulkStatus = 404;
    await expect(admin.registerDevices([device])).rejects.toThrow(
      'this hub has no device provisioning (POST /api/devices/bulk: 404)',
    );
    bulkStatus = 403;
    await expect(admin.registerDevices([device])).rejects.toThrow(
      'provisioning devices needs the admin role',
    );
    bulkStatus = 201;
  });
});
