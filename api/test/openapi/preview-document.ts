import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/core/config/config';
import { createOpenApiDocument } from '../../src/core/http/openapi';

/**
 * Runs `use` on the api built without a database nor a port: Nest's preview mode resolves the
 * modules and routes but instantiates no provider.
 */
export async function withPreviewApp<T>(use: (app: INestApplication) => T): Promise<T> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://preview@127.0.0.1:1/preview' });
  const app = await NestFactory.create(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    app.setGlobalPrefix('api');
    return use(app);
  } finally {
    await app.close();
  }
}

/** The document the api serves at /api/docs-json. */
export function previewOpenApiDocument(): Promise<OpenAPIObject> {
  return withPreviewApp((app) => createOpenApiDocument(app));
}
