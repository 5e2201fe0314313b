import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { Clock } from './core/clock/clock';
import { AppConfig } from './core/config/config';
import { createValidationPipe } from './core/http/validation';
import { requestContextMiddleware } from './core/http/request-context.middleware';
import { createOpenApiDocument } from './core/http/openapi';
import { createDataSource } from './core/database/data-source';
import { AppLogger, ROOT_LOGGER, accessLog } from './core/logging/logging';
import type { Logger } from 'pino';

export interface CreateAppOptions {
  clock?: Clock;
  /** Serve the built Angular app (off in API-only tests). */
  serveWeb?: boolean;
}

/** Builds the Nest application with every HTTP concern; used by main.ts and by the tests. */
export async function createApp(config: AppConfig, opts: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, opts.clock), {
    bufferLogs: true,
    // A failed start rejects instead of exiting the process: main.ts prints the reason (in
    // French, e.g. a role that bypasses row-level security) and exits; tests see the error.
    abortOnError: false,
  });
  app.useLogger(app.get(AppLogger));
  app.set('trust proxy', config.trustProxy);
  // No ETag: hashing every JSON answer costs on each read, and no client of the api revalidates
  // (answers are personal and change with every vote; the static web assets keep their caching).
  app.set('etag', false);
  app.use(requestContextMiddleware);
  app.use(accessLog(app.get<Logger>(ROOT_LOGGER)));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      hsts: config.publicUrl.startsWith('https://'),
    }),
  );
  app.use(cookieParser());
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  if (opts.serveWeb !== false) serveWeb(app, config);
  return app;
}

function serveWeb(app: NestExpressApplication, config: AppConfig): void {
  const dist = resolve(config.webDist);
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return;
  // The web's files go compressed (brotli or gzip, as the browser accepts): 724 KiB of initial
  // bundle become about 160, which is what a member's phone on 4G in a meeting room waits for.
  // Not the api: its JSON is small and the read path is CPU-bound, and an event stream must
  // never be held back by a compressor's buffer.
  app.use(compression({ filter: (req, res) => !req.path.startsWith('/api') && compression.filter(req, res) }));
  app.useStaticAssets(dist, { index: false, maxAge: '1h' });
  // Single-page app: every GET outside /api answers the Angular index.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

/** The advisory lock key of schema migrations (advisory locks are per database). */
const MIGRATION_LOCK = 'cdlp_schema_migration';

/**
 * Applies pending migrations as the schema owner (DATABASE_URL), before the application
 * connects as its own role (TENANT-1). Returns the names of the migrations applied.
 *
 * Several api instances may start at once, each with RUN_MIGRATIONS_ON_START: TypeORM takes
 * no lock, so two of them would run the same migration together and one would fail on a
 * half-created object. A session advisory lock makes them take turns: the first applies
 * the migrations, the next ones wait, then find none pending. The lock is held on a
 * connection of its own and released with it, even if the process dies.
 */
export async function runMigrations(config: AppConfig): Promise<string[]> {
  const ds = await createDataSource(config.databaseUrl, { poolSize: 2 }).initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [MIGRATION_LOCK]);
    try {
      const done = await ds.runMigrations({ transaction: 'each' });
      return done.map((m) => m.name);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    await lock.release();
    await ds.destroy();
  }
}
