import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

/** A 400 naming the field at fault, with a French message. */
export function fieldError(field: string, message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, message, errors: [{ field, message }] });
}

export function fieldErrors(errors: { field: string; message: string }[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    message: errors.length === 1 ? errors[0].message : 'Certains champs sont invalides. Corrigez-les puis réessayez.',
    errors,
  });
}

export function notFound(message: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, message });
}

export function conflict(message: string): ConflictException {
  return new ConflictException({ statusCode: 409, message });
}
