import {
  ApiPath,
  ApiPrefix,
  EVENT_TYPES,
  type FalseAlarmStats,
  type RuleOverrides,
  type User,
} from '@ioc/shared';
import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, RequireRole } from '../auth/auth.decorators';
import { parseOrThrow } from '../common/parse';
import { LearningService } from './learning.service';

const OverrideKeySchema = z.object({
  deviceId: z.string().min(1).max(64),
  type: z.enum(EVENT_TYPES),
});

/** Learning from false alarms: the figures, the raised bars, an admin's undo. */
@ApiTags('triage')
@ApiBearerAuth()
@Controller()
export class TriageController {
  constructor(private readonly learning: LearningService) {}

  @Get(`${ApiPrefix.stats}/${ApiPath.falseAlarms}`)
  @ApiOperation({
    summary:
      'Per device and event type: incidents and false alarms (dismissed or resolved false_alarm) over 7 and 30 days',
  })
  async falseAlarms(): Promise<FalseAlarmStats> {
    return this.learning.falseAlarms();
  }

  @Get(`${ApiPrefix.rules}/${ApiPath.overrides}`)
  @ApiOperation({ summary: 'The raised confidence bars in force, and the latest rule audit' })
  async overrides(): Promise<RuleOverrides> {
    await this.learning.settled();
    return this.learning.overrides();
  }

  @Delete(`${ApiPrefix.rules}/${ApiPath.override}`)
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({
    summary: "Undoes a raised bar: the device's type is back to its category's bar (audited)",
  })
  async undo(
    @Param('deviceId') deviceId: string,
    @Param('type') type: string,
    @CurrentUser() user: User,
  ): Promise<void> {
    const key = parseOrThrow(OverrideKeySchema, { deviceId, type }, 'path');
    await this.learning.undo(key.deviceId, key.type, user.username);
  }
}
