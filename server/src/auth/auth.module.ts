import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { TokenService } from './token.service';

/** Login and tokens; AppModule installs the AuthGuard globally with this TokenService. */
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [TokenService],
  exports: [TokenService],
})
export class AuthModule {}
