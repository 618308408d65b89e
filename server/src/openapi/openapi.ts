import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ApiPrefix,
  DeviceSchema,
  ErrorBodySchema,
  IncidentDetailSchema,
  IncidentListSchema,
  IncidentSchema,
  IncidentSourcesSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  RejectionSchema,
  AccountSchema,
  HubStatsSchema,
  ReportRequestSchema,
  ReportResponseSchema,
  UnitSchema,
  SituationSchema,
  SituationChangesSchema,
} from '@ioc/shared';

/**
 * OpenAPI at /api/docs (JSON at /api/docs-json). Routes come from the controllers'
 * decorators; the schemas come from the shared zod definitions, so they cannot drift.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('IOC event hub')
    .setDescription(
      'Smart-city operations center event hub: incidents correlated from MQTT camera and sensor events.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'integration key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const shared = {
    Incident: IncidentSchema,
    IncidentDetail: IncidentDetailSchema,
    IncidentList: IncidentListSchema,
    IncidentSources: IncidentSourcesSchema,
    Device: DeviceSchema,
    LoginRequest: LoginRequestSchema,
    LoginResponse: LoginResponseSchema,
    Rejection: RejectionSchema,
    Error: ErrorBodySchema,
    Unit: UnitSchema,
    Account: AccountSchema,
    HubStats: HubStatsSchema,
    ReportRequest: ReportRequestSchema,
    ReportResponse: ReportResponseSchema,
    Situation: SituationSchema,
    SituationChanges: SituationChangesSchema,
  };
  document.components ??= {};
  document.components.schemas ??= {};
  for (const [name, schema] of Object.entries(shared)) {
    document.components.schemas[name] = z.toJSONSchema(schema, {
      io: 'output',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
  }
  SwaggerModule.setup(ApiPrefix.docs, app, document, { jsonDocumentUrl: `${ApiPrefix.docs}-json` });
}
