import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MqttClient } from 'mqtt';
import type { EventType, Incident } from '@ioc/shared';
import { call, freshLatitude, openIncident } from '../support/api';
import { connectMqtt } from '../support/clients';
import { HubProcess, REPO_ROOT, type HubOptions } from '../support/hub-process';

const CAP_XSD = resolve(REPO_ROOT, 'test/fixtures/standards/cap12.xsd');

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

/** Validates with xmllint against the OASIS schema; returns xmllint's complaint on failure. */
function validate(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cap-'));
  const file = join(dir, 'alert.xml');
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', CAP_XSD, file], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (result.error)
    throw new Error(`xmllint is needed (apt-get install libxml2-utils): ${result.error.message}`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const first = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe.each(matrix)('CAP 1.2 export (%s)', (label, options) => {
  let hub: HubProcess;
  let device: MqttClient;
  let operator: string;
  let dispatcher: string;

  beforeAll(async () => {
    hub = await HubProcess.start(`cap-${label}`, options);
    [operator, dispatcher] = await Promise.all([hub.login('operator'), hub.login('dispatcher')]);
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
  });

  const cap = async (id: string): Promise<string> => {
    const response = await call<string>(hub, 'GET', `/api/incidents/${id}/cap`, operator);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/(cap\+)?xml/);
    const verdict = validate(response.body);
    if (!verdict.ok) throw new Error(`CAP does not validate:\n${verdict.output}\n${response.body}`);
    return response.body;
  };

  it('publishes a first Alert, then an Update, then a Cancel for a false alarm — each valid against cap12.xsd', async () => {
    const lat = freshLatitude();
    const incident = await openIncident(hub, device, operator, { lat, type: 'fire.smoke' });

    const alert = await cap(incident.id);
    expect(first(alert, 'msgType')).toBe('Alert');
    expect(first(alert, 'status')).toBe('Actual');
    expect(first(alert, 'scope')).toBe('Public');
    expect(first(alert, 'category')).toBe('Fire');
    expect(first(alert, 'certainty')).toBe('Possible');
    expect(first(alert, 'sent')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(first(alert, 'identifier')).toContain(incident.id);
    expect(first(alert, 'circle')).toMatch(/^-?\d+(\.\d+)?,-?\d+(\.\d+)? \d+(\.\d+)?$/);

    // A second camera 200 m away: more sources, so Update and Likely.
    await openIncident(hub, device, operator, { lat: lat + 200 / 111_320, type: 'fire.smoke' });
    const update = await cap(incident.id);
    expect(first(update, 'msgType')).toBe('Update');
    expect(first(update, 'certainty')).toBe('Likely');
    expect(first(update, 'references')).toContain(first(alert, 'identifier'));
    expect(first(update, 'identifier')).not.toBe(first(alert, 'identifier'));

    const current = await hub.get<Incident>(`/api/incidents/${incident.id}`, operator);
    const resolved = await call<Incident>(
      hub,
      'POST',
      `/api/incidents/${incident.id}/resolve`,
      dispatcher,
      { version: current.version, resolution: 'false_alarm' },
    );
    expect(resolved.status).toBe(200);
    const cancel = await cap(incident.id);
    expect(first(cancel, 'msgType')).toBe('Cancel');
    expect(first(cancel, 'urgency')).toBe('Past');
  });

  it('changes Alert to Update once the incident changed, even with one event', async () => {
    const incident = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      type: 'urban.encroachment',
    });
    expect(first(await cap(incident.id), 'msgType')).toBe('Alert');
    await call(hub, 'POST', `/api/incidents/${incident.id}/acknowledge`, dispatcher, {
      version: 1,
    });
    const xml = await cap(incident.id);
    expect(first(xml, 'msgType')).toBe('Update');
    expect(first(xml, 'category')).toBe('Safety');
  });

  it.each([
    ['flood.water_level', 'Met'],
    ['landslide.tilt', 'Geo'],
    ['air.pollution', 'Env'],
    ['traffic.accident', 'Transport'],
    ['forest.logging', 'Env'],
    ['construction.unpermitted', 'Infra'],
  ] as [EventType, string][])('maps %s to the CAP category %s', async (type, category) => {
    const incident = await openIncident(hub, device, operator, { lat: freshLatitude(), type });
    expect(first(await cap(incident.id), 'category')).toBe(category);
  });

  it('escapes a citizen description so the alert stays valid', async () => {
    const lat = freshLatitude();
    const incident = await openIncident(hub, device, operator, { lat, type: 'fire.smoke' });
    const nasty = `</description><script>alert('x')</script> & "quotes" ]]> \u0001`;
    const reported = await call<{ incidentId: string }>(hub, 'POST', '/api/reports', operator, {
      type: 'fire.smoke',
      location: { lat, lon: 108.44 },
      description: nasty,
    });
    expect(reported.status).toBe(202);
    expect(reported.body.incidentId).toBe(incident.id);
    const xml = await cap(incident.id);
    expect(xml).toContain(
      '&lt;/description&gt;&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;quotes&quot; ]]&gt;',
    );
    expect(xml).not.toContain('<script>');
  });

  it('answers 404 as JSON for an unknown incident, and 401 without a token', async () => {
    const missing = await call<{ code: string }>(hub, 'GET', '/api/incidents/nope/cap', operator);
    expect(missing.status).toBe(404);
    expect(missing.contentType).toMatch(/json/);
    expect((await call(hub, 'GET', '/api/incidents/nope/cap', null)).status).toBe(401);
  });
});
