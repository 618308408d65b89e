import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Body, Controller, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginRequestSchema, type LoginResponse } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { parseOrThrow } from '../common/parse';
import { RateLimiter } from '../common/rate-limiter';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { Public } from './auth.decorators';
import { TokenService } from './token.service';
import { UsersService } from '../users/users.service';

@ApiTags('auth')
@Controller(ApiPrefix.auth)
export class AuthController {
  /** Failed logins per username and client address (per minute), to slow down password guessing. */
  private readonly failures: RateLimiter;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.failures = new RateLimiter(config.loginFailuresPerMinute, 60_000);
  }

  @Public()
  @Post(ApiPath.login)
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for an access token' })
  async login(@Body() body: unknown, @Ip() ip: string): Promise<LoginResponse> {
    const { username, password } = parseOrThrow(LoginRequestSchema, body);
    const key = `${username.toLowerCase()}|${ip}`;
    if (this.failures.isBlocked(key)) {
      const retryAfterSeconds = Math.ceil(this.failures.retryAfterMs(key) / 1000);
      throw new DomainError(
        'RATE_LIMITED',
        `too many failed logins for ${username}; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
    const user = await this.users.authenticate(username, password);
    if (!user) {
      this.failures.hit(key);
      throw new DomainError('UNAUTHENTICATED', 'wrong username or password');
    }
    this.failures.reset(key);
    return { accessToken: this.tokens.sign(user), user };
  }
}
