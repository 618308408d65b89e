import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OpenData } from '../auth/open-data.guard';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { IncidentQueryService } from '../incidents/incident-query.service';
import { ZonesService } from '../zones/zones.service';
import { buildCap } from './cap.builder';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller(ApiPrefix.incidents)
export class CapController {
  constructor(
    private readonly incidents: IncidentQueryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly zones: ZonesService,
  ) {}

  @Get(ApiPath.cap)
  // The Atom feed's entries link here, so integration keys read it too.
  @OpenData()
  @ApiProduces('application/cap+xml')
  @ApiOperation({
    summary:
      'The incident as an OASIS CAP 1.2 alert (Alert, then Update; Cancel for a false alarm)',
  })
  async cap(
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const incident = await this.incidents.get(id);
    const xml = buildCap(incident, this.config.cap, this.zones.find(incident.zone));
    // Set here, not with @Header: an error must still go out as JSON.
    response.type('application/cap+xml; charset=utf-8');
    return xml;
  }
}
