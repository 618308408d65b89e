import { ApiPath, ApiPrefix } from '@ioc/shared';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateAccountRequestSchema,
  UpdateAccountRequestSchema,
  type Account,
  type User,
} from '@ioc/shared';
import { CurrentUser, RequireRole } from '../auth/auth.decorators';
import { UsersService } from './users.service';
import { parseOrThrow } from '../common/parse';

/** Account management (admin only). Passwords are stored as bcrypt hashes and never returned. */
@ApiTags('users')
@ApiBearerAuth()
@RequireRole('admin')
@Controller(ApiPrefix.users)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every account with its role and whether it is disabled (admin)' })
  async list(): Promise<Account[]> {
    return this.users.list();
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an account {username, password (8+ characters), role} (admin)' })
  async create(@Body() body: unknown): Promise<Account> {
    return this.users.create(parseOrThrow(CreateAccountRequestSchema, body));
  }

  @Patch(ApiPath.username)
  @ApiOperation({
    summary:
      'Change an account: {role?, password?, disabled?}; disabling ends its sessions at once (admin)',
  })
  async update(
    @Param('username') username: string,
    @Body() body: unknown,
    @CurrentUser() actor: User,
  ): Promise<Account> {
    return this.users.update(username, parseOrThrow(UpdateAccountRequestSchema, body), actor);
  }
}
