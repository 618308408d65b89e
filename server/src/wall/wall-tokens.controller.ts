import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  IssueWallTokenRequestSchema,
  type IssuedWallToken,
  type User,
  type WallToken,
} from '@ioc/shared';
import { CurrentUser, RequireRole } from '../auth/auth.decorators';
import { parseOrThrow } from '../common/parse';
import { WallTokensService } from './wall-tokens.service';

/** Wall screens' read-only credentials (admin): docs/security.md "Wall screens". */
@ApiTags('wall-tokens')
@ApiBearerAuth()
@RequireRole('admin')
@Controller(ApiPrefix.wallTokens)
export class WallTokensController {
  constructor(private readonly wallTokens: WallTokensService) {}

  @Get()
  @ApiOperation({ summary: 'Wall credentials issued, with when each was revoked (admin)' })
  list(): Promise<WallToken[]> {
    return this.wallTokens.list();
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Issue a long-lived read-only token for a wall screen. Body {label}; the token is shown only here (admin)',
  })
  issue(@Body() body: unknown, @CurrentUser() user: User): Promise<IssuedWallToken> {
    const { label } = parseOrThrow(IssueWallTokenRequestSchema, body);
    return this.wallTokens.issue(label, user);
  }

  @Delete(ApiPath.id)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke a wall credential: its token stops, its live socket closes (admin)',
  })
  revoke(@Param('id') id: string, @CurrentUser() user: User): Promise<WallToken> {
    return this.wallTokens.revoke(id, user);
  }
}
