import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { previewOpenApiDocument, withPreviewApp } from '../../../test/openapi/preview-document';
import { addResponseSchemas } from '../../../test/openapi/response-schemas';
import { API_TYPES_PATH, openApiToTypeScript } from '../../../test/openapi/typescript-types';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('OpenAPI document and the web types', () => {
  it('every $ref of the served document names one of its schemas', async () => {
    const document = await previewOpenApiDocument();
    const schemas = document.components?.schemas ?? {};
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(refs.length).toBeGreaterThan(0);
    expect([...new Set(refs.filter((name) => !(name in schemas)))]).toEqual([]);
  }, 120000);

  it(`${API_TYPES_PATH} is generated from the current document (else: npm run openapi)`, async () => {
    const document = await previewOpenApiDocument();
    addResponseSchemas(document);
    const generated = openApiToTypeScript(document);
    const file = join(ROOT, API_TYPES_PATH);
    if (process.env['CDLP_OPENAPI_WRITE'] === '1') writeFileSync(file, generated);
    const committed = readFileSync(file, 'utf8');
    if (committed !== generated) {
      throw new Error(
        `${API_TYPES_PATH} is stale: the api's OpenAPI document changed. Run \`npm run openapi\` and commit the file.`,
      );
    }
  }, 120000);
});

/**
 * @cdlp/shared exports each request body as an interface of the DTO class's name: a handler
 * whose @Body() is typed with the interface (imported from '@cdlp/shared' instead of
 * '@cdlp/shared/dto') gets Object as metatype, and the ValidationPipe skips it silently.
 */
describe('request bodies are validated', () => {
  it('every @Body() of every controller is typed with a DTO class', async () => {
    const untyped = await withPreviewApp((app) => {
      const out: string[] = [];
      for (const module of app.get(ModulesContainer).values()) {
        for (const wrapper of module.controllers.values()) {
          const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
          if (!controller) continue;
          for (const method of Object.getOwnPropertyNames(controller.prototype)) {
            const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
              string,
              { index: number; data?: unknown }
            >;
            const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ??
              []) as unknown[];
            for (const [key, arg] of Object.entries(args)) {
              if (Number(key.split(':')[0]) !== RouteParamtypes.BODY || arg.data !== undefined) continue;
              if (types[arg.index] === Object || types[arg.index] === undefined)
                out.push(`${controller.name}.${method}`);
            }
          }
        }
      }
      return out;
    });
    expect(untyped).toEqual([]);
  }, 120000);
});
