import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DatabaseModule } from '../database/database.module';
import { UsersModule } from '../users/users.module';
import { WallTokenRepository } from './wall-token.repository';
import { WallTokensController } from './wall-tokens.controller';
import { WallTokensService } from './wall-tokens.service';

/** Wall screens' read-only, revocable credentials. */
@Module({
  imports: [DatabaseModule, UsersModule, AuthModule],
  controllers: [WallTokensController],
  providers: [WallTokenRepository, WallTokensService],
})
export class WallModule {}
