import { ApiPath, ApiPrefix, apiRoutes } from '@ioc/shared';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OpenData } from '../auth/open-data.guard';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { IncidentQueryService } from '../incidents/incident-query.service';
import { buildCapFeed } from './atom-feed.builder';
import { openDataIncidents, requestOrigin } from './open-data-incidents';

/** Entries in the feed, newest first; aggregators poll it, so it stays one page. */
const FEED_LIMIT = 500;

@ApiTags('open data')
@ApiSecurity('integration key')
@ApiBearerAuth()
@Controller(ApiPrefix.cap)
export class CapFeedController {
  constructor(
    private readonly incidents: IncidentQueryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(ApiPath.feed)
  @OpenData()
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: 'Current alerts as an Atom feed, each entry linking to its CAP 1.2' })
  async feed(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const origin = requestOrigin(request);
    const xml = buildCapFeed(await openDataIncidents(this.incidents, FEED_LIMIT), {
      selfUrl: `${origin}${apiRoutes.capFeed()}`,
      capUrl: (id) => `${origin}${apiRoutes.cap(id)}`,
      timeZone: this.config.cap.timeZone,
    });
    response.type('application/atom+xml; charset=utf-8');
    return xml;
  }
}
