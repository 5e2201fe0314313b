import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';

/**
 * A boolean query parameter. A query string is text: "false" must not become true
 * (as Boolean("false") would); anything but "true" or "false" is refused with the message.
 */
export function QueryBoolean(message: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value)),
    IsBoolean({ message }),
  );
}
