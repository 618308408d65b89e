import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Rejection } from '@ioc/shared';
import { RejectionsStore } from './rejections.store';

@ApiTags('ingest')
@ApiBearerAuth()
@Controller(ApiPrefix.ingest)
export class IngestController {
  constructor(private readonly rejections: RejectionsStore) {}

  @Get(ApiPath.rejections)
  @ApiOperation({
    summary: 'The latest rejected MQTT messages, newest first (topic, reason, first 256 bytes)',
  })
  list(): { items: Rejection[] } {
    return { items: this.rejections.latest() };
  }
}
