import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginRequestSchema, type LoginResponse } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { parseOrThrow } from '../common/parse';
import { Public } from './auth.decorators';
import { TokenService } from './token.service';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for an access token' })
  async login(@Body() body: unknown): Promise<LoginResponse> {
    const { username, password } = parseOrThrow(LoginRequestSchema, body);
    const user = await this.users.authenticate(username, password);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'wrong username or password');
    return { accessToken: this.tokens.sign(user), user };
  }
}
