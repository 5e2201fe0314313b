import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
// class-transformer's @Type() tells the nested DTO of an array or object (else the schema names `Array`).
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

/**
 * The request DTOs live in shared/ (which may not import Nest), so they carry
 * class-validator decorators but no @ApiProperty. Their JSON schemas are derived
 * from the validation metadata and replace the empty schemas Swagger generated.
 */
export function addValidationSchemas(document: OpenAPIObject): void {
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  });
  document.components ??= {};
  document.components.schemas ??= {};
  for (const [name, schema] of Object.entries(schemas)) {
    document.components.schemas[name] = schema as never;
  }
}

/** The OpenAPI document served at /api/docs (and read by `npm run openapi`, see DEVELOPERS.md). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Portail CDLP — API')
      .setDescription(
        'API du portail des commissions départementales de lutte contre la prostitution. Authentification par cookie de session ; les requêtes qui modifient des données portent l’en-tête x-csrf-token.',
      )
      .setVersion('1.0')
      .addCookieAuth('cdlp_session')
      .build(),
  );
  addValidationSchemas(document);
  return document;
}
