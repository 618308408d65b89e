import { ApiPath, ApiPrefix, type IncidentCitizenReports } from '@ioc/shared';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReportsService } from './reports.service';

/** The citizen side of an incident, for the console: who will see its public answer. */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller(ApiPrefix.incidents)
export class IncidentReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(ApiPath.citizenReports)
  @ApiOperation({
    summary: "The incident's citizen reports, counted by app: who will see its public answer",
  })
  async citizenReports(@Param('id') id: string): Promise<IncidentCitizenReports> {
    return this.reports.citizenReportsOf(id);
  }
}
