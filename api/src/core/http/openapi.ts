import type { OpenAPIObject } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

/**
 * The request DTOs live in shared/ (which may not import Nest), so they carry
 * class-validator decorators but no @ApiProperty. Their JSON schemas are derived
 * from the validation metadata and replace the empty schemas Swagger generated.
 */
export function addValidationSchemas(document: OpenAPIObject): void {
  const schemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' });
  document.components ??= {};
  document.components.schemas ??= {};
  for (const [name, schema] of Object.entries(schemas)) {
    document.components.schemas[name] = schema as never;
  }
}
