import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Flattens class-validator errors into { field, message } pairs with dotted field paths. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field, message: translateDefault(message, field) });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** class-validator's built-in English messages (whitelist, unknown fields) are given in French. */
function translateDefault(message: string, field: string): string {
  if (message.includes('should not exist')) return `Le champ « ${field} » n'est pas attendu.`;
  if (/must be|should not be/.test(message)) return `Le champ « ${field} » est invalide.`;
  return message;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const list = flattenValidationErrors(errors);
      return new BadRequestException({
        statusCode: 400,
        message: list.length === 1 ? list[0].message : 'Certains champs sont invalides. Corrigez-les puis réessayez.',
        errors: list,
      });
    },
  });
}
