import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { ProConnectAccounts } from './proconnect/proconnect-accounts';
import { ProConnectClient } from './proconnect/proconnect.client';
import { ProConnectController } from './proconnect/proconnect.controller';
import { ProConnectService } from './proconnect/proconnect.service';
import { SessionGuard } from './session.guard';
import { SessionService } from './session.service';

@Global()
@Module({
  controllers: [AuthController, ProConnectController],
  providers: [
    AuthService,
    SessionService,
    LoginRateLimiter,
    ProConnectClient,
    ProConnectAccounts,
    ProConnectService,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [AuthService, SessionService],
})
export class AuthModule {}
