import {
  ApiPath,
  ApiPrefix,
  RulesTextRequestSchema,
  type RulesValidation,
  type User,
} from '@ioc/shared';
import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireRole } from '../auth/auth.decorators';
import { parseOrThrow } from '../common/parse';
import { RulesService, type RulesStatus } from './rules.service';

@ApiTags('rules')
@ApiBearerAuth()
@Controller(ApiPrefix.rules)
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  @ApiOperation({
    summary:
      'The correlation rules in force, where they came from, the file text, and the last refused change',
  })
  current(): RulesStatus {
    return this.rules.current;
  }

  @Post(ApiPath.validate)
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Check a rules text {text}: {valid, error} as the hot reload would say it (admin)',
  })
  validate(@Body() body: unknown): RulesValidation {
    return this.rules.validate(parseOrThrow(RulesTextRequestSchema, body).text);
  }

  @Put()
  @RequireRole('admin')
  @ApiOperation({
    summary:
      'Replace the rules file with {text}: validated, written atomically, reloaded; 400 with the refusal (admin)',
  })
  async apply(@Body() body: unknown, @CurrentUser() actor: User): Promise<RulesStatus> {
    return this.rules.apply(parseOrThrow(RulesTextRequestSchema, body).text, actor.username);
  }
}
