import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { AppLogger, ROOT_LOGGER, createRootLogger } from './logging';

/** The process's logger (pino), for Nest (AppLogger) and for the access log. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: ROOT_LOGGER, useFactory: () => createRootLogger(config) }, AppLogger],
      exports: [ROOT_LOGGER, AppLogger],
    };
  }
}
