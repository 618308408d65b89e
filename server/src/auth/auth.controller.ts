import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Body, Controller, Headers, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginRequestSchema, type LoginResponse } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { parseOrThrow } from '../common/parse';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { Public } from './auth.decorators';
import { LoginThrottle } from './login-throttle';
import { TokenService } from './token.service';
import { UsersService } from '../users/users.service';

@ApiTags('auth')
@Controller(ApiPrefix.auth)
export class AuthController {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.throttle = new LoginThrottle(config);
  }

  /** `ip` is the client's address as Express sees it: behind a proxy, set TRUST_PROXY. */
  @Public()
  @Post(ApiPath.login)
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for an access token' })
  async login(@Body() body: unknown, @Ip() ip: string): Promise<LoginResponse> {
    const { username, password } = parseOrThrow(LoginRequestSchema, body);
    const refused = await this.throttle.check(username, ip);
    if (refused) {
      const { retryAfterSeconds, scope } = refused;
      throw new DomainError(
        'RATE_LIMITED',
        scope === 'address'
          ? `too many failed logins from this address; try again in ${retryAfterSeconds} s`
          : `too many failed logins for ${username}; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
    const account = await this.users.authenticate(username, password);
    if (!account) {
      await this.throttle.failed(username, ip);
      throw new DomainError('UNAUTHENTICATED', 'wrong username or password');
    }
    await this.throttle.succeeded(username, ip);
    const user = { username: account.username, role: account.role };
    return { accessToken: this.tokens.sign(account), user };
  }

  @Post(ApiPath.logout)
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'End this session: the token stops working and its live sockets close',
  })
  async logout(@Headers('authorization') authorization: string): Promise<void> {
    // The guard has verified the token already; this finds which session it is.
    const session = await this.tokens.session(authorization.slice('Bearer '.length));
    if (session) this.tokens.logOut(session);
  }
}
