import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuditModule } from './core/audit/audit.module';
import { AuthModule } from './core/auth/auth.module';
import { Clock } from './core/clock/clock';
import { ClockModule } from './core/clock/clock.module';
import { AppConfig } from './core/config/config';
import { ConfigModule } from './core/config/config.module';
import { RowLevelSecurityBypassError, assertRowLevelSecurityApplies, createAppDataSource } from './core/database/data-source';
import { DatabaseModule } from './core/database/database.module';
import { JobsModule } from './core/jobs/jobs.module';
import { HttpExceptionFilter } from './core/http/http-exception.filter';
import { LoggingModule } from './core/logging/logging.module';
import { OutboxModule } from './core/outbox/outbox.module';
import { HealthController } from './health/health.controller';
import { RegistryModule } from './registry/registry.module';
import { UsersModule } from './users/users.module';
import { DemoModule } from './demo/demo.module';
import { CryptoModule } from './core/crypto/crypto.module';
import { ParametersModule } from './core/parameters/parameters.module';
import { PspRequestsModule } from './psp-requests/psp-requests.module';
import { PathwaysModule } from './pathways/pathways.module';
import { SittingsModule } from './sittings/sittings.module';
import { ConvocationLettersModule } from './convocation-letters/convocation-letters.module';
import { DeliberationModule } from './deliberation/deliberation.module';
import { DocumentsModule } from './documents/documents.module';
import { MinutesModule } from './minutes/minutes.module';
import { DecisionsModule } from './decisions/decisions.module';
import { SigningModule } from './core/signing/signing.module';
import { StrategyModule } from './strategy/strategy.module';
import { OutboxAdminModule } from './outbox-admin/outbox-admin.module';
import { NationalModule } from './national/national.module';
import { DepartementSettingsModule } from './departement-settings/departement-settings.module';
import { ParametersAdminModule } from './parameters/parameters-admin.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock),
        LoggingModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          // A database that is not up yet is retried (the default: 9 times, 3 s apart); a role
          // that bypasses row-level security is a configuration error, reported at once.
          useFactory: () => ({ toRetry: (err: unknown) => !(err instanceof RowLevelSecurityBypassError) }),
          dataSourceFactory: async () => {
            const ds = await createAppDataSource(config).initialize();
            try {
              await assertRowLevelSecurityApplies(ds);
            } catch (err) {
              await ds.destroy();
              throw err;
            }
            return ds;
          },
        }),
        DatabaseModule,
        JobsModule,
        AuditModule,
        CryptoModule,
        SigningModule,
        ParametersModule,
        OutboxModule,
        AuthModule,
        AuditLogModule,
        RegistryModule,
        UsersModule,
        PspRequestsModule,
        PathwaysModule,
        SittingsModule,
        ConvocationLettersModule,
        DeliberationModule,
        DocumentsModule,
        MinutesModule,
        DecisionsModule,
        StrategyModule,
        OutboxAdminModule,
        NationalModule,
        DepartementSettingsModule,
        ParametersAdminModule,
        DemoModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }

  configure(_consumer: MiddlewareConsumer): void {
    // The request context middleware is installed in createApp, before every other middleware.
  }
}
