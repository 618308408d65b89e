import { ApiPath, ApiPrefix } from '@ioc/shared';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ProvisionDeviceRequestSchema,
  TelemetryQuerySchema,
  type BulkProvisionResult,
  type Device,
  type DeviceCredentials,
  type ProvisionedDevice,
  type TelemetryPoint,
} from '@ioc/shared';
import { RequireRole } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { parseOrThrow } from '../common/parse';
import { DeviceIdentityService } from './device-identity.service';
import { DevicesService } from './devices.service';
import type { FleetFormat } from './fleet-file.parser';
import { TelemetryRepository } from './telemetry.repository';

/** Content types of YAML fleet files (main.ts reads them, and CSV, as text). */
export const FLEET_YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

@ApiTags('devices')
@ApiBearerAuth()
@Controller(ApiPrefix.devices)
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly telemetry: TelemetryRepository,
    private readonly identity: DeviceIdentityService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Every known device with its status, lastSeen (last contact) and provisioned',
  })
  list(): Device[] {
    return this.devices.list();
  }

  @Post()
  @HttpCode(201)
  @RequireRole('admin')
  @ApiOperation({
    summary:
      'Provision a device {id, kind, name, location, zone, capabilities?}: its MQTT credentials, shown this once (admin)',
  })
  async provision(@Body() body: unknown): Promise<ProvisionedDevice> {
    return this.identity.provision(parseOrThrow(ProvisionDeviceRequestSchema, body));
  }

  @Post(ApiPath.bulk)
  @HttpCode(201)
  @RequireRole('admin')
  @ApiOperation({
    summary:
      'Provision a fleet from a JSON array, CSV (text/csv) or YAML (application/yaml) file: {created, errors} (admin)',
  })
  async provisionFleet(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
  ): Promise<BulkProvisionResult> {
    return this.identity.provisionFleet(body, fleetFormat(contentType));
  }

  @Post(ApiPath.credentials)
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    summary:
      "Rotate a device's MQTT credentials: the old ones stop working, its sessions close (admin)",
  })
  async rotate(@Param('id') id: string): Promise<{ credentials: DeviceCredentials }> {
    return { credentials: await this.identity.rotate(id) };
  }

  @Delete(ApiPath.id)
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Retire a device: credentials removed, sessions closed, no longer listed (admin)',
  })
  async retire(@Param('id') id: string): Promise<void> {
    await this.identity.retire(id);
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

/** The fleet file format a request's Content-Type names. */
function fleetFormat(contentType: string | undefined): FleetFormat {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') return 'json';
  if (type === 'text/csv') return 'csv';
  if (FLEET_YAML_TYPES.includes(type)) return 'yaml';
  throw new DomainError(
    'VALIDATION',
    'send the fleet as application/json (an array), text/csv or application/yaml',
  );
}
