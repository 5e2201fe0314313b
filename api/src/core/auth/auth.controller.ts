import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUserDto, LogoutResultDto, Permission, SessionDto } from '@cdlp/shared';
import { ChangePasswordDto, LoginDto, PasswordResetDto, PasswordResetRequestDto } from '@cdlp/shared/dto';
import { AuthService } from './auth.service';
import { CurrentSession, CurrentUser } from './current-user';
import { LoginThrottle } from './login-throttler.guard';
import { Public, RequirePermission } from './permission.decorator';
import { ProConnectService } from './proconnect/proconnect.service';
import { clearSessionCookies, setSessionCookies } from './session-cookies';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly proConnect: ProConnectService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @LoginThrottle('Trop de tentatives de connexion. Patientez une minute avant de réessayer.')
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<CurrentUserDto> {
    const { token, session, user } = await this.auth.login(dto.email, dto.password, req.headers['user-agent'] ?? null);
    setSessionCookies(req, res, token, session.csrfToken);
    return this.auth.me(user);
  }

  /** Ends the session; a session opened with ProConnect also gets the URL that ends the ProConnect one. */
  @RequirePermission(Permission.AUTHENTICATED)
  @Post('logout')
  @HttpCode(200)
  async logout(
    @CurrentUser() user: UserEntity,
    @CurrentSession() session: SessionEntity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LogoutResultDto> {
    const endSessionUrl = await this.proConnect.endSessionUrl(session.id);
    await this.auth.logout(session, user);
    clearSessionCookies(res);
    return { endSessionUrl };
  }

  @RequirePermission(Permission.AUTHENTICATED)
  @Get('me')
  me(@CurrentUser() user: UserEntity): Promise<CurrentUserDto> {
    return this.auth.me(user);
  }

  @Public()
  @Post('password-reset/request')
  @HttpCode(202)
  @LoginThrottle('Trop de demandes. Patientez une minute avant de réessayer.')
  async requestReset(@Body() dto: PasswordResetRequestDto): Promise<{ message: string }> {
    await this.auth.requestPasswordReset(dto.email);
    return { message: 'Si un compte correspond à cette adresse, un courriel de réinitialisation a été envoyé.' };
  }

  @Public()
  @Post('password-reset')
  @HttpCode(204)
  async reset(@Body() dto: PasswordResetDto): Promise<void> {
    await this.auth.resetPassword(dto.token, dto.newPassword);
  }

  @RequirePermission(Permission.AUTHENTICATED)
  @Post('password')
  @HttpCode(204)
  async changePassword(
    @CurrentUser() user: UserEntity,
    @CurrentSession() session: SessionEntity,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.auth.changePassword(user, session, dto.currentPassword, dto.newPassword);
  }

  @RequirePermission(Permission.AUTHENTICATED)
  @Get('sessions')
  sessions(@CurrentUser() user: UserEntity, @CurrentSession() session: SessionEntity): Promise<SessionDto[]> {
    return this.auth.listSessions(user, session);
  }

  @RequirePermission(Permission.AUTHENTICATED)
  @Delete('sessions/:id')
  @HttpCode(204)
  async revokeSession(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.auth.revokeOwnSession(user, id);
  }
}
