import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { OpenData } from '../auth/open-data.guard';
import { isOpenData, openDataIncidents, requestOrigin } from '../cap/open-data-incidents';
import { DomainError } from '../common/domain-error';
import { parseOrThrow } from '../common/parse';
import { IncidentQueryService } from '../incidents/incident-query.service';
import { ALERT_CONTEXT, ALERT_TYPE, incidentIdOf, normalize, toAlert } from './alert.mapper';

/** The slice of NGSI-LD's query API (ETSI GS CIM 009 §6.4) a reader of Alerts needs. */
const EntitiesQuerySchema = z.object({
  type: z.string().min(1, 'NGSI-LD needs a type (type=Alert)'),
  limit: z.coerce.number().int().min(0).max(1000).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  options: z.string().optional(),
  format: z.enum(['normalized', 'simplified', 'keyValues', 'concise']).optional(),
});
type EntityQuery = Pick<z.output<typeof EntitiesQuerySchema>, 'options' | 'format'>;

/** The most Alerts a list reads before paging. */
const MAX_ALERTS = 5000;

/**
 * Incidents as FIWARE `Alert` entities, read-only, so a FIWARE platform reads the hub
 * without an adapter (docs/integration.md). JSON-LD with its `@context` by default; plain
 * JSON with the context in a Link header when the client asks for `application/json`.
 */
@ApiTags('open data')
@ApiSecurity('integration key')
@ApiBearerAuth()
@Controller(ApiPrefix.ngsiEntities)
export class NgsiController {
  constructor(private readonly incidents: IncidentQueryService) {}

  @Get(ApiPath.root)
  @OpenData()
  @ApiProduces('application/ld+json', 'application/json')
  @ApiOperation({ summary: 'Current incidents as NGSI-LD Alert entities (type=Alert)' })
  async list(
    @Query() query: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>[]> {
    const q = parseOrThrow(EntitiesQuerySchema, query, 'query');
    // Only Alerts live here; asking for any other type finds none, as NGSI-LD answers.
    const alerts = q.type.split(',').includes(ALERT_TYPE)
      ? (await openDataIncidents(this.incidents, MAX_ALERTS)).slice(q.offset, q.offset + q.limit)
      : [];
    // The hub itself is the Alert's source.
    const source = requestOrigin(request);
    const asLd = this.negotiate(request, response);
    return alerts.map((incident) => this.render(toAlert(incident, source), q, asLd));
  }

  @Get(ApiPath.id)
  @OpenData()
  @ApiProduces('application/ld+json', 'application/json')
  @ApiOperation({ summary: 'One incident as an NGSI-LD Alert (urn:ngsi-ld:Alert:<incident id>)' })
  async one(
    @Param('id') id: string,
    @Query() query: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>> {
    const q = parseOrThrow(EntitiesQuerySchema.omit({ type: true }), query, 'query');
    const incidentId = incidentIdOf(id);
    const incident = incidentId ? await this.incidents.get(incidentId) : null;
    if (!incident || !isOpenData(incident)) throw new DomainError('NOT_FOUND', `no entity ${id}`);
    const asLd = this.negotiate(request, response);
    return this.render(toAlert(incident, requestOrigin(request)), q, asLd);
  }

  /** JSON-LD unless the client accepts only plain JSON (NGSI-LD §6.3.6). */
  private negotiate(request: Request, response: Response): boolean {
    const asLd =
      request.accepts(['application/ld+json', 'application/json']) !== 'application/json';
    if (asLd) response.type('application/ld+json; charset=utf-8');
    else
      response
        .type('application/json; charset=utf-8')
        .setHeader(
          'Link',
          `<${ALERT_CONTEXT[0]}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
        );
    return asLd;
  }

  private render(
    alert: ReturnType<typeof toAlert>,
    query: EntityQuery,
    asLd: boolean,
  ): Record<string, unknown> {
    const simplified =
      query.format === 'simplified' ||
      query.format === 'keyValues' ||
      (query.options ?? '').split(',').includes('keyValues');
    const entity = simplified ? { ...alert } : normalize(alert);
    return asLd ? { ...entity, '@context': ALERT_CONTEXT } : entity;
  }
}
