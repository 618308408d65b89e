import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  IncidentQuerySchema,
  type IncidentDetail,
  type IncidentList,
  type IncidentSources,
} from '@ioc/shared';
import { parseOrThrow } from '../common/parse';
import { IncidentQueryService } from './incident-query.service';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller(ApiPrefix.incidents)
export class IncidentsController {
  constructor(private readonly incidents: IncidentQueryService) {}

  @Get()
  @ApiOperation({ summary: 'Incidents, newest change first, filtered' })
  @ApiQuery({ name: 'status', required: false, description: 'comma-separated statuses' })
  @ApiQuery({ name: 'category', required: false, description: 'comma-separated categories' })
  @ApiQuery({ name: 'severity', required: false, description: 'comma-separated severities' })
  @ApiQuery({ name: 'bbox', required: false, description: 'minLon,minLat,maxLon,maxLat' })
  @ApiQuery({ name: 'since', required: false, description: 'ISO 8601 time: lastSeen at or after' })
  @ApiQuery({ name: 'limit', required: false, description: '1–5000, default 500' })
  @ApiQuery({ name: 'offset', required: false, description: 'matches to skip (paging)' })
  @ApiQuery({ name: 'q', required: false, description: 'words: id, type, zone or device names' })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601: firstSeen at or after' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601: firstSeen before' })
  @ApiQuery({ name: 'resolution', required: false, description: 'comma-separated resolutions' })
  async list(@Query() query: Record<string, unknown>): Promise<IncidentList> {
    return this.incidents.list(parseOrThrow(IncidentQuerySchema, query, 'query'));
  }

  @Get(ApiPath.id)
  @ApiOperation({
    summary: 'One incident with its events (each with its correlation reason) and audit trail',
  })
  async get(@Param('id') id: string): Promise<IncidentDetail> {
    return this.incidents.get(id);
  }

  @Get(ApiPath.sources)
  @ApiOperation({
    summary:
      'Every distinct source of an incident, in the order they joined (the incident lists the first 20)',
  })
  async sources(@Param('id') id: string): Promise<IncidentSources> {
    return this.incidents.sources(id);
  }
}
