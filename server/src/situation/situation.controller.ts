import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  SituationChangesQuerySchema,
  SituationQuerySchema,
  type Situation,
  type SituationChanges,
} from '@ioc/shared';
import { parseOrThrow } from '../common/parse';
import { SituationService } from './situation.service';

/** Any signed-in user (the global guard): the replay is read-only. */
@ApiTags('situation')
@ApiBearerAuth()
@Controller(ApiPrefix.situation)
export class SituationController {
  constructor(private readonly situation: SituationService) {}

  @Get()
  @ApiOperation({
    summary:
      'The incidents (active, and finished within a day) and devices as /live last pushed them at a past moment',
  })
  @ApiQuery({
    name: 'at',
    description: 'ISO 8601 with offset: not in the future, within retention',
  })
  async at(@Query() query: Record<string, unknown>): Promise<Situation> {
    const { at } = parseOrThrow(SituationQuerySchema, query, 'query');
    return this.situation.at(at);
  }

  @Get(ApiPath.changes)
  @ApiOperation({
    summary:
      'Every incident and device change pushed with from < at ≤ to, in order (5,000 of each at most: ask again from `until`)',
  })
  @ApiQuery({ name: 'from', description: 'ISO 8601 with offset (exclusive)' })
  @ApiQuery({ name: 'to', description: 'ISO 8601 with offset (inclusive)' })
  async changes(@Query() query: Record<string, unknown>): Promise<SituationChanges> {
    const { from, to } = parseOrThrow(SituationChangesQuerySchema, query, 'query');
    return this.situation.changes(from, to);
  }
}
