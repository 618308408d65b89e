import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { ENTITIES } from './entities';
import { applySqlitePragmas } from './sqlite-writer.protocol';
import { InitialSchema1732400000000 } from './migrations/1732400000000-initial-schema';
import { ResponseUnits1732500000000 } from './migrations/1732500000000-response-units';
import { WriteAhead1732600000000 } from './migrations/1732600000000-write-ahead';
import { UserTokenVersion1733000000000 } from './migrations/1733000000000-user-token-version';
import { Retention1733100000000 } from './migrations/1733100000000-retention';
import { DeviceIdentity1733200000000 } from './migrations/1733200000000-device-identity';
import { CitizenReports1733300000000 } from './migrations/1733300000000-citizen-reports';
import { Language1733400000000 } from './migrations/1733400000000-language';
import { IncidentUnits1733500000000 } from './migrations/1733500000000-incident-units';
import { Federation1733600000000 } from './migrations/1733600000000-federation';
import { IncidentLocationMethod1733700000000 } from './migrations/1733700000000-incident-location-method';
import { FederationOutbox1733800000000 } from './migrations/1733800000000-federation-outbox';
import { SituationHistory1733900000000 } from './migrations/1733900000000-situation-history';
import { UnitNames1733910000000 } from './migrations/1733910000000-unit-names';
import { Triage1733950000000 } from './migrations/1733950000000-triage';
import { Snapshots1733960000000 } from './migrations/1733960000000-snapshots';
import { SlaIndex1734000000000 } from './migrations/1734000000000-sla-index';

export const MIGRATIONS = [
  InitialSchema1732400000000,
  ResponseUnits1732500000000,
  WriteAhead1732600000000,
  UserTokenVersion1733000000000,
  Retention1733100000000,
  DeviceIdentity1733200000000,
  CitizenReports1733300000000,
  Language1733400000000,
  IncidentUnits1733500000000,
  Federation1733600000000,
  IncidentLocationMethod1733700000000,
  FederationOutbox1733800000000,
  SituationHistory1733900000000,
  UnitNames1733910000000,
  Triage1733950000000,
  Snapshots1733960000000,
  SlaIndex1734000000000,
];

/** Opens the configured database and brings its schema up to date with the migrations. */
export async function openDataSource(config: AppConfig['database']): Promise<DataSource> {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    logging: ['error' as const],
  };
  let dataSource: DataSource;
  if (config.kind === 'sqlite') {
    mkdirSync(dirname(config.file), { recursive: true });
    dataSource = new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: config.file,
      prepareDatabase: (db: { pragma: (sql: string) => unknown }) =>
        applySqlitePragmas(db, config.synchronous),
    });
  } else {
    dataSource = new DataSource({
      ...common,
      type: 'postgres',
      url: config.url,
      extra: { max: 10 },
    });
  }
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
