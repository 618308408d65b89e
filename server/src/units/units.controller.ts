import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateUnitRequestSchema, UpdateUnitRequestSchema, type Unit } from '@ioc/shared';
import { RequireRole } from '../auth/auth.decorators';
import { parseOrThrow } from '../common/parse';
import { UnitsService } from './units.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller(ApiPrefix.units)
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({
    summary: 'Response units with their status (available, busy, off_duty) and current incident',
  })
  list(): Unit[] {
    return this.units.list();
  }

  @Get(ApiPath.id)
  @ApiOperation({ summary: 'One response unit' })
  get(@Param('id') id: string): Unit {
    return this.units.get(id);
  }

  @Post()
  @HttpCode(201)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Add a response unit (admin)' })
  async create(@Body() body: unknown): Promise<Unit> {
    return this.units.create(parseOrThrow(CreateUnitRequestSchema, body));
  }

  @Patch(ApiPath.id)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Change a unit: name, kind, home zone, location, or available/off_duty (admin)',
  })
  async update(@Param('id') id: string, @Body() body: unknown): Promise<Unit> {
    return this.units.update(id, parseOrThrow(UpdateUnitRequestSchema, body));
  }
}
