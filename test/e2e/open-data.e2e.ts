import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MqttClient } from 'mqtt';
import { apiRoutes, type Incident } from '@ioc/shared';
import { call, freshLatitude, openIncident } from '../support/api';
import { connectMqtt } from '../support/clients';
import { HubProcess, REPO_ROOT } from '../support/hub-process';

const STANDARDS = resolve(REPO_ROOT, 'test/fixtures/standards');
const INTEGRATION_KEY = 'e2e-open-data-key-0123456789';
const KEY = { 'x-api-key': INTEGRATION_KEY };

/** xmllint against a schema (`--relaxng` or `--schema`); returns its complaint on failure. */
function xmllint(xml: string, flag: '--relaxng' | '--schema', schema: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'open-data-'));
  const file = join(dir, 'doc.xml');
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', flag, join(STANDARDS, schema), file], {
    encoding: 'utf8',
  });
  rmSync(dir, { recursive: true, force: true });
  if (result.error)
    throw new Error(`xmllint is needed (apt-get install libxml2-utils): ${result.error.message}`);
  return result.status === 0 ? null : `${result.stdout}${result.stderr}\n${xml}`;
}

const validateAlert: ValidateFunction = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(
    JSON.parse(readFileSync(join(STANDARDS, 'alert.schema.json'), 'utf8')) as object,
  );
})();

function expectValidAlert(entity: unknown): void {
  if (!validateAlert(entity))
    throw new Error(
      `not a valid Alert: ${JSON.stringify(validateAlert.errors)}\n${JSON.stringify(entity)}`,
    );
}

/** Atom entries as {title, links, ...} read off the hub's fixed layout (one element a line). */
function entries(feed: string): { id: string; title: string; updated: string; cap: string }[] {
  return [...feed.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map(([, body]) => ({
    id: /<id>([^<]*)<\/id>/.exec(body ?? '')?.[1] ?? '',
    title: /<title>([^<]*)<\/title>/.exec(body ?? '')?.[1] ?? '',
    updated: /<updated>([^<]*)<\/updated>/.exec(body ?? '')?.[1] ?? '',
    cap:
      /<link rel="alternate" type="application\/cap\+xml" href="([^"]*)"\/>/.exec(
        body ?? '',
      )?.[1] ?? '',
  }));
}

/** NGSI-LD's normalized form back to key-values: each Property's value, DateTimes unwrapped. */
function simplify(entity: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entity).map(([name, attribute]) => {
      if (name === 'id' || name === 'type' || name === '@context') return [name, attribute];
      const { type, value } = attribute as { type: string; value: unknown };
      expect(['Property', 'GeoProperty']).toContain(type);
      const dateTime = value as { '@type'?: string; '@value'?: unknown } | null;
      return [name, dateTime?.['@type'] === 'DateTime' ? dateTime['@value'] : value];
    }),
  );
}

describe('open data: the CAP Atom feed and NGSI-LD Alerts', () => {
  let hub: HubProcess;
  let device: MqttClient;
  let operator: string;
  let dispatcher: string;
  let fire: Incident;
  let accident: Incident;
  let falseAlarm: Incident;

  beforeAll(async () => {
    hub = await HubProcess.start('open-data', {
      broker: 'embedded',
      database: 'sqlite',
      env: { INTEGRATION_API_KEYS: `aggregator:${INTEGRATION_KEY}` },
    });
    [operator, dispatcher] = await Promise.all([hub.login('operator'), hub.login('dispatcher')]);
    device = await connectMqtt(hub.mqttUrl);
    fire = await openIncident(hub, device, operator, { lat: freshLatitude(), type: 'fire.smoke' });
    accident = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      type: 'traffic.accident',
    });
    falseAlarm = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      type: 'landslide.tilt',
    });
    const resolved = await call(
      hub,
      'POST',
      apiRoutes.transition(falseAlarm.id, 'resolve'),
      dispatcher,
      { version: falseAlarm.version, resolution: 'false_alarm' },
    );
    expect(resolved.status).toBe(200);
  }, 30_000);

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
  });

  it('serves an Atom feed valid against RFC 4287, each entry linking to a valid CAP document', async () => {
    const response = await call<string>(hub, 'GET', apiRoutes.capFeed(), null, undefined, KEY);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/atom\+xml/);
    const feed = response.body;
    expect(xmllint(feed, '--relaxng', 'atom.rng')).toBeNull();
    // RFC 4287 §4.1.1 (a Schematron rule Appendix B cannot hold): a feed without authors
    // in every entry has its own.
    expect(feed).toMatch(/<feed[^>]*>[\s\S]*<author>\s*<name>[^<]+<\/name>/);
    // RFC 3339 times: a zone is required, which xsd:dateTime leaves optional.
    for (const updated of feed.match(/<(updated|published)>[^<]*</g) ?? [])
      expect(updated).toMatch(/>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)<$/);

    const byCap = new Map(entries(feed).map((e) => [e.cap, e]));
    const expected: [Incident, string][] = [
      [fire, 'Alert'],
      [accident, 'Alert'],
      [falseAlarm, 'Cancel'],
    ];
    for (const [incident, msgType] of expected) {
      const entry = byCap.get(`${hub.baseUrl}${apiRoutes.cap(incident.id)}`);
      expect(entry?.title).toBe(`${msgType}: ${incident.title}`);
      // The link works with the same key (here as a bearer) and serves valid CAP 1.2.
      const cap = await fetch(entry?.cap ?? '', {
        headers: { authorization: `Bearer ${INTEGRATION_KEY}` },
      });
      expect(cap.status).toBe(200);
      const xml = await cap.text();
      expect(xmllint(xml, '--schema', 'cap12.xsd')).toBeNull();
      expect(xml).toContain(`<msgType>${msgType}</msgType>`);
    }
  });

  it('serves incidents as NGSI-LD Alert entities valid against the Smart Data Models schema', async () => {
    const query = new URLSearchParams({ type: 'Alert', options: 'keyValues', limit: '1000' });
    const list = await call<Record<string, unknown>[]>(
      hub,
      'GET',
      apiRoutes.ngsiEntities(query),
      null,
      undefined,
      KEY,
    );
    expect(list.status).toBe(200);
    expect(list.contentType).toMatch(/^application\/ld\+json/);
    expect(list.body.length).toBeGreaterThanOrEqual(3);
    for (const entity of list.body) {
      expectValidAlert(entity);
      expect(entity['@context']).toEqual(expect.arrayContaining([expect.any(String)]));
    }

    const byId = new Map(list.body.map((e) => [e.id, e]));
    expect(byId.get(`urn:ngsi-ld:Alert:${fire.id}`)).toMatchObject({
      type: 'Alert',
      category: 'environment',
      subCategory: 'forestFire',
      severity: fire.severity === 'info' ? 'informational' : fire.severity,
      location: { type: 'Point', coordinates: [fire.location.lon, fire.location.lat] },
      dateIssued: fire.firstSeen,
    });
    expect(byId.get(`urn:ngsi-ld:Alert:${accident.id}`)).toMatchObject({
      category: 'traffic',
      subCategory: 'carAccident',
    });
    expect(byId.get(`urn:ngsi-ld:Alert:${falseAlarm.id}`)).toMatchObject({
      category: 'naturalDisaster',
      subCategory: 'landslide',
      validTo: expect.any(String),
    });

    // One entity, normalized (NGSI-LD's default): the same Alert once each Property is unwrapped.
    const id = `urn:ngsi-ld:Alert:${fire.id}`;
    const one = await call<Record<string, unknown>>(
      hub,
      'GET',
      apiRoutes.ngsiEntity(id),
      null,
      undefined,
      KEY,
    );
    expect(one.status).toBe(200);
    expect(one.body.location).toMatchObject({ type: 'GeoProperty' });
    const simplified = simplify(one.body);
    expectValidAlert(simplified);
    expect(simplified).toEqual(byId.get(id));

    // Plain JSON when asked for: no @context in the body, the context in a Link header.
    const plain = await fetch(`${hub.baseUrl}${apiRoutes.ngsiEntity(id)}`, {
      headers: { ...KEY, accept: 'application/json' },
    });
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    expect(plain.headers.get('link')).toMatch(/rel="http:\/\/www\.w3\.org\/ns\/json-ld#context"/);
    expect(await plain.json()).not.toHaveProperty('@context');

    const other = await call<unknown[]>(
      hub,
      'GET',
      apiRoutes.ngsiEntities(new URLSearchParams({ type: 'Building' })),
      null,
      undefined,
      KEY,
    );
    expect(other.body).toEqual([]);
    expect((await call(hub, 'GET', apiRoutes.ngsiEntities(), null, undefined, KEY)).status).toBe(
      400,
    );
    const missing = await call(
      hub,
      'GET',
      apiRoutes.ngsiEntity('urn:ngsi-ld:Alert:nope'),
      null,
      undefined,
      KEY,
    );
    expect(missing.status).toBe(404);
  });

  it('lets the integration key read the open-data routes only', async () => {
    const alerts = apiRoutes.ngsiEntities(new URLSearchParams({ type: 'Alert' }));
    for (const path of [apiRoutes.capFeed(), alerts, apiRoutes.cap(fire.id)]) {
      expect((await call(hub, 'GET', path, null)).status).toBe(401);
      const wrong = { 'x-api-key': 'not-the-key-0123456789' };
      expect((await call(hub, 'GET', path, null, undefined, wrong)).status).toBe(401);
      expect((await call(hub, 'GET', path, INTEGRATION_KEY)).status).toBe(200);
      // A console user's token reads them too.
      expect((await call(hub, 'GET', path, operator)).status).toBe(200);
    }
    for (const path of [apiRoutes.incidents(), apiRoutes.incident(fire.id), apiRoutes.devices()]) {
      expect((await call(hub, 'GET', path, INTEGRATION_KEY)).status).toBe(401);
      expect((await call(hub, 'GET', path, null, undefined, KEY)).status).toBe(401);
    }
    const write = await call(
      hub,
      'POST',
      apiRoutes.transition(fire.id, 'acknowledge'),
      INTEGRATION_KEY,
      {
        version: fire.version,
      },
    );
    expect(write.status).toBe(401);
  });
});
