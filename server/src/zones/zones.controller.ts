import { ApiPrefix, type ZonesResponse } from '@ioc/shared';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZonesService } from './zones.service';

@ApiTags('zones')
@ApiBearerAuth()
@Controller(ApiPrefix.zones)
export class ZonesController {
  constructor(private readonly zones: ZonesService) {}

  @Get()
  @ApiOperation({ summary: 'Zone display names in Vietnamese and English (ZONES_FILE)' })
  list(): ZonesResponse {
    return { zones: [...this.zones.all] };
  }
}
