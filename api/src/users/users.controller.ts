import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageDto, Permission, UserDto } from '@cdlp/shared';
import { CreateUserDto, UpdateUserDto } from '@cdlp/shared/dto';
import { RequirePermission } from '../core/auth/permission.decorator';
import { SearchPageQuery } from '../core/http/page-query';
import { ProConnectInvitationsService } from './proconnect-invitations.service';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly proConnect: ProConnectInvitationsService,
  ) {}

  @RequirePermission(Permission.USERS_MANAGE)
  @Get()
  list(@Query() q: SearchPageQuery): Promise<PageDto<UserDto>> {
    return this.users.list(q.page, q.pageSize, q.search);
  }

  @RequirePermission(Permission.USERS_MANAGE)
  @Post()
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }

  @RequirePermission(Permission.USERS_MANAGE)
  @Put(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(id, dto);
  }

  @RequirePermission(Permission.USERS_MANAGE)
  @Post(':id/unlock')
  @HttpCode(204)
  async unlock(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.users.unlock(id);
  }

  @RequirePermission(Permission.USERS_MANAGE)
  @Post(':id/revoke-sessions')
  @HttpCode(204)
  async revoke(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.users.revokeSessions(id);
  }

  /** Invites the account to log in with ProConnect (again: forgets the identity linked before). */
  @RequirePermission(Permission.USERS_MANAGE)
  @Post(':id/proconnect-invitation')
  @HttpCode(200)
  invite(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.proConnect.invite(id);
  }

  /** Withdraws the invitation and forgets the linked ProConnect identity. */
  @RequirePermission(Permission.USERS_MANAGE)
  @Delete(':id/proconnect-invitation')
  withdraw(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.proConnect.withdraw(id);
  }
}
