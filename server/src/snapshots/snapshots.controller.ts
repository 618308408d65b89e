import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SnapshotReader } from './snapshot.reader';

@ApiTags('snapshots')
@ApiBearerAuth()
@Controller(ApiPrefix.snapshots)
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotReader) {}

  @Get(ApiPath.id)
  @ApiOperation({ summary: "An event's image (JPEG or PNG), for signed-in users only" })
  async get(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const { contentType, bytes } = await this.snapshots.read(id);
    response
      .status(200)
      .type(contentType)
      // Behind a token: no cache keeps it, or a later request without the token (after a
      // logout, an <img src>) would be answered from it. The console holds it as a blob URL.
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Content-Disposition', 'inline')
      .send(bytes);
  }
}
