import { ApiPrefix } from '@ioc/shared';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StatsQuerySchema, type HubStats } from '@ioc/shared';
import { parseOrThrow } from '../common/parse';
import { StatsService } from './stats.service';

@ApiTags('stats')
@ApiBearerAuth()
@Controller(ApiPrefix.stats)
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Open incidents by severity, events per second, and time to acknowledge, dispatch and resolve (count, mean, median, p90)',
  })
  @ApiQuery({
    name: 'since',
    required: false,
    description: 'ISO 8601: incidents opened at or after (default: 24 hours ago)',
  })
  async get(@Query() query: Record<string, unknown>): Promise<HubStats> {
    const { since } = parseOrThrow(StatsQuerySchema, query, 'query');
    return this.stats.stats(since ? Date.parse(since) : null);
  }
}
