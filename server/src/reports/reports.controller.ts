import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ReportRequestSchema,
  type DeadLetter,
  type ReportResponse,
  type ReportStatus,
} from '@ioc/shared';
import { Public, RequireRole } from '../auth/auth.decorators';
import { parseOrThrow } from '../common/parse';
import { ReportsService } from './reports.service';

const API_KEY_HEADER = {
  name: 'X-Api-Key',
  required: false,
  description: 'a citizen-app key (CITIZEN_API_KEYS); otherwise a bearer token',
} as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller(ApiPrefix.reports)
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  // Public for the global guard: this route accepts an API key as well as a token, and checks both itself.
  @Public()
  @Post()
  @HttpCode(202)
  @ApiHeader(API_KEY_HEADER)
  @ApiOperation({
    summary:
      'A citizen report {type, location, description}: becomes an event with source citizen and correlates like any other; answered with its trackingCode',
  })
  async report(
    @Headers('x-api-key') apiKey: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<ReportResponse> {
    const reporter = this.reports.identify(apiKey, authorization);
    return this.reports.submit(reporter, parseOrThrow(ReportRequestSchema, body));
  }

  // Declared before `:trackingCode`, though a code never holds a slash.
  @Get(ApiPath.deadLetters)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Citizen-app webhook notifications given up on after CITIZEN_WEBHOOK_DEADLINE_HOURS',
  })
  async deadLetters(): Promise<DeadLetter[]> {
    return this.reports.deadLetters();
  }

  @Public()
  @Get(ApiPath.trackingCode)
  @ApiHeader(API_KEY_HEADER)
  @ApiOperation({
    summary:
      "A report's status {trackingCode, status, answer?, updatedAt}: for the app that filed it, or a token; 404 otherwise",
  })
  async track(
    @Headers('x-api-key') apiKey: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Param('trackingCode') trackingCode: string,
  ): Promise<ReportStatus> {
    return this.reports.track(this.reports.authenticate(apiKey, authorization), trackingCode);
  }
}
