import { ApiPath, ApiPrefix, type RejectionReason, type SnapshotUploadResult } from '@ioc/shared';
import { Controller, Headers, HttpCode, Inject, Param, Put, Req, Res } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import getRawBody from 'raw-body';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DeviceBasicAuth } from './device-basic-auth';
import { SnapshotIntake } from './snapshot-intake';

/** How each refusal answers over HTTP; the reason is in `details.reason`. */
const REFUSAL_CODE: Partial<Record<RejectionReason, ConstructorParameters<typeof DomainError>[0]>> =
  {
    snapshot_too_large: 'PAYLOAD_TOO_LARGE',
    unsupported_image: 'UNSUPPORTED_MEDIA_TYPE',
    unknown_event: 'NOT_FOUND',
    too_many_snapshots: 'CONFLICT',
    snapshot_store_unavailable: 'UNAVAILABLE',
  };

@ApiTags('devices')
@ApiBasicAuth()
@Controller(ApiPrefix.devices)
export class SnapshotUploadController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: DeviceBasicAuth,
    private readonly intake: SnapshotIntake,
  ) {}

  /** Public to the bearer guard: a device proves itself with HTTP Basic (DeviceBasicAuth). */
  @Public()
  @Put(ApiPath.deviceSnapshot)
  @HttpCode(201)
  @ApiOperation({
    summary:
      "A device's image (JPEG or PNG body) of one of its stored events; 201 once durable, 200 for a resend",
  })
  async upload(
    @Param('id') deviceId: string,
    @Param('eventId') eventId: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SnapshotUploadResult> {
    // Credentials before the body: a stranger's upload is not read.
    this.auth.check(authorization, request.ip ?? 'unknown', deviceId);
    const where = `PUT ${request.path}`;
    const body = await this.readBody(request);
    const claimed = contentType?.split(';')[0]?.trim().toLowerCase();
    const outcome = body
      ? await this.intake.accept(where, deviceId, eventId, body, claimed)
      : await this.intake.tooLarge(where, Number(request.headers['content-length'] ?? 0));
    if (!outcome.ok)
      throw new DomainError(REFUSAL_CODE[outcome.reason] ?? 'VALIDATION', outcome.message, {
        reason: outcome.reason,
      });
    if (!outcome.result.created) response.status(200);
    return outcome.result;
  }

  /** The body, or null when it is over the limit (reading stops there). */
  private async readBody(request: Request): Promise<Buffer | null> {
    const limit = this.config.snapshots.maxBytes;
    try {
      return await getRawBody(request, { limit });
    } catch (error) {
      if ((error as { type?: string }).type === 'entity.too.large') {
        // The rest is discarded, so the answer reaches a client still sending.
        request.resume();
        return null;
      }
      throw error;
    }
  }
}
