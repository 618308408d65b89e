import { ApiPrefix } from '@ioc/shared';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RulesService, type RulesStatus } from './rules.service';

@ApiTags('rules')
@ApiBearerAuth()
@Controller(ApiPrefix.rules)
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  @ApiOperation({
    summary: 'The correlation rules in force, where they came from, and the last refused change',
  })
  current(): RulesStatus {
    return this.rules.current;
  }
}
