import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorDto, ImportLineError } from '@cdlp/shared';

/** An API failure, normalised for display: a French message and the fields at fault. */
export interface ApiError {
  status: number;
  message: string;
  /** Field name -> first message returned by the API for that field. */
  fieldErrors: Record<string, string>;
  /** Line errors of a CSV import (400 with `errors: [{line, field, message}]`). */
  lineErrors: ImportLineError[];
  requestId: string | null;
}

export const UNREACHABLE_MESSAGE = 'Le serveur est injoignable. Vérifiez votre connexion puis réessayez.';
export const UNEXPECTED_MESSAGE = 'Une erreur inattendue est survenue. Réessayez dans quelques instants.';
export const FORBIDDEN_MESSAGE = "Vous n'avez pas les droits nécessaires pour effectuer cette action.";
export const NOT_FOUND_MESSAGE = "L'élément demandé n'existe pas ou n'est plus disponible.";

type RawError = Partial<ApiErrorDto> & { errors?: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function toApiError(err: unknown): ApiError {
  if (!(err instanceof HttpErrorResponse)) {
    return { status: 0, message: UNEXPECTED_MESSAGE, fieldErrors: {}, lineErrors: [], requestId: null };
  }
  const body: RawError = isRecord(err.error) ? (err.error as RawError) : {};
  const fieldErrors: Record<string, string> = {};
  const lineErrors: ImportLineError[] = [];
  if (Array.isArray(body.errors)) {
    for (const item of body.errors as unknown[]) {
      if (!isRecord(item) || typeof item['message'] !== 'string') continue;
      const message = item['message'];
      const field = typeof item['field'] === 'string' ? item['field'] : null;
      if (typeof item['line'] === 'number') {
        lineErrors.push({ line: item['line'], field, message });
      } else if (field) {
        // "departementCodes.0" is reported on the "departementCodes" control.
        const key = field.split('.')[0];
        fieldErrors[key] ??= message;
      }
    }
  }
  return {
    status: err.status,
    message: messageFor(err.status, body.message),
    fieldErrors,
    lineErrors,
    requestId: typeof body.requestId === 'string' ? body.requestId : null,
  };
}

function messageFor(status: number, message: unknown): string {
  if (status === 0) return UNREACHABLE_MESSAGE;
  if (status >= 500) return UNEXPECTED_MESSAGE;
  if (typeof message === 'string' && message.trim() !== '') return message;
  if (status === 403) return FORBIDDEN_MESSAGE;
  if (status === 404) return NOT_FOUND_MESSAGE;
  return UNEXPECTED_MESSAGE;
}

/** Every field error of a 400 answer, with the full field path ("dossier.lastName"). */
export function fieldErrorList(err: unknown): { field: string; message: string }[] {
  if (!(err instanceof HttpErrorResponse) || !isRecord(err.error)) return [];
  const errors = (err.error as RawError).errors;
  if (!Array.isArray(errors)) return [];
  return (errors as unknown[])
    .filter((e): e is Record<string, unknown> => isRecord(e) && typeof e['message'] === 'string')
    .map((e) => ({
      field: typeof e['field'] === 'string' ? e['field'] : '',
      message: e['message'] as string,
    }));
}

/** A failure worth retrying as is: the server was not reached or failed (no answer on the request itself). */
export function isTransient(err: unknown): boolean {
  return err instanceof HttpErrorResponse && (err.status === 0 || err.status >= 500);
}
