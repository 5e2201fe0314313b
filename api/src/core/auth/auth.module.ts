import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LOGIN_THROTTLER, LoginThrottlerGuard } from './login-throttler.guard';
import { PgThrottlerStorage } from './pg-throttler-storage';
import { ProConnectAccounts } from './proconnect/proconnect-accounts';
import { ProConnectClient } from './proconnect/proconnect.client';
import { ProConnectController } from './proconnect/proconnect.controller';
import { ProConnectService } from './proconnect/proconnect.service';
import { SessionGuard } from './session.guard';
import { SessionService } from './session.service';

@Global()
@Module({
  imports: [
    // Only the routes marked @LoginThrottle are limited (the guard is not global).
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, DataSource, Clock],
      useFactory: (config: AppConfig, dataSource: DataSource, clock: Clock) => ({
        throttlers: [{ name: LOGIN_THROTTLER, ttl: 60_000, limit: config.loginRatePerMinute }],
        storage: new PgThrottlerStorage(dataSource, clock),
        setHeaders: false,
      }),
    }),
  ],
  controllers: [AuthController, ProConnectController],
  providers: [
    AuthService,
    SessionService,
    LoginThrottlerGuard,
    ProConnectClient,
    ProConnectAccounts,
    ProConnectService,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [AuthService, SessionService],
})
export class AuthModule {}
