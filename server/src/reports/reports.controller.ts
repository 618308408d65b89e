import { ApiPrefix } from '@ioc/shared';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReportRequestSchema, type ReportResponse } from '@ioc/shared';
import { Public } from '../auth/auth.decorators';
import { parseOrThrow } from '../common/parse';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller(ApiPrefix.reports)
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  // Public for the global guard: this route accepts an API key as well as a token, and checks both itself.
  @Public()
  @Post()
  @HttpCode(202)
  @ApiHeader({
    name: 'X-Api-Key',
    required: false,
    description: 'a citizen-app key (CITIZEN_API_KEYS); otherwise a bearer token',
  })
  @ApiOperation({
    summary:
      'A citizen report {type, location, description}: becomes an event with source citizen and correlates like any other',
  })
  async report(
    @Headers('x-api-key') apiKey: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<ReportResponse> {
    const reporter = this.reports.identify(apiKey, authorization);
    return this.reports.submit(reporter, parseOrThrow(ReportRequestSchema, body));
  }
}
