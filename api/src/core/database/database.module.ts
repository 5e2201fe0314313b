import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TenantDb } from './tenant-db';
import { TenantTransactionInterceptor } from './tenant.interceptor';

/** TENANT-1: the scoped access to PostgreSQL that every feature uses. */
@Global()
@Module({
  providers: [TenantDb, { provide: APP_INTERCEPTOR, useClass: TenantTransactionInterceptor }],
  exports: [TenantDb],
})
export class DatabaseModule {}
