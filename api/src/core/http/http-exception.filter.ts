import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, PayloadTooLargeException } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { ApiErrorDto } from '@cdlp/shared';
import { currentRequestId } from '../context/request-context';

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'La requête est invalide.',
  401: 'Vous devez être connecté.',
  403: "Vous n'avez pas les droits nécessaires pour cette action.",
  404: 'Ressource introuvable.',
  409: "Cette action n'est pas possible dans l'état actuel.",
  413: 'Le fichier envoyé est trop volumineux.',
  429: 'Trop de requêtes. Patientez avant de réessayer.',
};

/**
 * Every error leaves as an ApiErrorDto with a French message and the request id.
 * Internal errors are logged without their parameters (they may hold personal data)
 * and never leak to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const requestId = currentRequestId() ?? undefined;
    let body: ApiErrorDto;
    if (exception instanceof PayloadTooLargeException) {
      // A file over the upload limit is bad input: a 400 naming the field.
      body = {
        statusCode: 400,
        message: 'Le fichier dépasse la taille maximale autorisée (10 Mo).',
        errors: [{ field: 'file', message: 'Fichier trop volumineux (10 Mo au plus).' }],
        requestId,
      };
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const obj = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const rawMessage = typeof raw === 'string' ? raw : obj['message'];
      const message =
        typeof rawMessage === 'string' && isFrench(rawMessage)
          ? rawMessage
          : (DEFAULT_MESSAGES[status] ?? 'Une erreur est survenue.');
      body = { statusCode: status, message, requestId };
      if (Array.isArray(obj['errors'])) body.errors = obj['errors'] as ApiErrorDto['errors'];
    } else if (exception instanceof QueryFailedError && isConstraintViolation(exception)) {
      body = {
        statusCode: 409,
        message: 'Cette modification entre en conflit avec des données existantes.',
        requestId,
      };
    } else {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err: { name: err.name, message: redact(err.message), stack: err.stack }, requestId });
      body = { statusCode: 500, message: 'Une erreur interne est survenue. Réessayez plus tard.', requestId };
    }
    res.status(body.statusCode).json(body);
  }
}

function isConstraintViolation(e: QueryFailedError): boolean {
  const code = (e as unknown as { driverError?: { code?: string } }).driverError?.code;
  return code === '23505' || code === '23503' || code === '23514';
}

/** Nest's default English messages ("Cannot GET /x", "Forbidden resource") are replaced. */
function isFrench(message: string): boolean {
  return !/^(Cannot |Forbidden resource|Unauthorized|Not Found|Bad Request|Internal server error|Unexpected|File too large|Payload Too Large|Too Many Requests|Conflict|Validation failed)/i.test(
    message,
  );
}

/** SQL errors may quote parameters; keep only the first line without quoted values. */
function redact(message: string): string {
  return message.split('\n')[0].replace(/"[^"]*"|'[^']*'/g, '…');
}
