import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { TelemetryQuerySchema, type Device, type TelemetryPoint } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { parseOrThrow } from '../common/parse';
import { DevicesService } from './devices.service';
import { TelemetryRepository } from './telemetry.repository';

@ApiTags('devices')
@ApiBearerAuth()
@Controller(ApiPrefix.devices)
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly telemetry: TelemetryRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every known device with its status and lastSeen' })
  list(): Device[] {
    return this.devices.list();
  }

  @Get(ApiPath.telemetry)
  @ApiOperation({ summary: "A device's readings in time order" })
  @ApiQuery({ name: 'metric', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601' })
  @ApiQuery({ name: 'limit', required: false, description: '1–10000, default 2000 (the newest)' })
  async readings(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
  ): Promise<TelemetryPoint[]> {
    if (!this.devices.get(id)) throw new DomainError('NOT_FOUND', `no device ${id}`);
    return this.telemetry.readings(id, parseOrThrow(TelemetryQuerySchema, query, 'query'));
  }
}
