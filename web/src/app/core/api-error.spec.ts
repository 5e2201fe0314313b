import { HttpErrorResponse } from '@angular/common/http';
import {
  fieldErrorList,
  isTransient,
  toApiError,
  UNEXPECTED_MESSAGE,
  UNREACHABLE_MESSAGE,
} from './api-error';
import { newClientKey } from './client-key';

const httpError = (status: number, error: unknown) => new HttpErrorResponse({ status, error, url: '/api/x' });

describe('toApiError', () => {
  it('keeps the French message and maps field errors by field name', () => {
    const e = toApiError(
      httpError(400, {
        statusCode: 400,
        message: 'Le formulaire contient des erreurs.',
        errors: [
          { field: 'email', message: "L'adresse électronique n'est pas valide." },
          { field: 'departementCodes.1', message: 'Un code de département est invalide.' },
        ],
      }),
    );
    expect(e.status).toBe(400);
    expect(e.message).toBe('Le formulaire contient des erreurs.');
    expect(e.fieldErrors).toEqual({
      email: "L'adresse électronique n'est pas valide.",
      departementCodes: 'Un code de département est invalide.',
    });
    expect(e.lineErrors).toEqual([]);
  });

  it('collects the per-line errors of a CSV import', () => {
    const e = toApiError(
      httpError(400, {
        statusCode: 400,
        message: 'Le fichier contient 2 erreurs : aucun membre importé.',
        errors: [
          { line: 3, field: 'email', message: "L'adresse électronique n'est pas valide." },
          { line: 5, field: null, message: 'Ligne vide.' },
        ],
      }),
    );
    expect(e.lineErrors).toEqual([
      { line: 3, field: 'email', message: "L'adresse électronique n'est pas valide." },
      { line: 5, field: null, message: 'Ligne vide.' },
    ]);
    expect(e.fieldErrors).toEqual({});
  });

  it('explains that the server cannot be reached when there is no HTTP answer', () => {
    expect(toApiError(httpError(0, new ProgressEvent('error'))).message).toBe(UNREACHABLE_MESSAGE);
  });

  it('never shows the raw message of a server error', () => {
    expect(toApiError(httpError(500, { statusCode: 500, message: 'Internal server error' })).message).toBe(
      UNEXPECTED_MESSAGE,
    );
  });

  it('gives French defaults for 403 and 404 without a message', () => {
    expect(toApiError(httpError(403, null)).message).toMatch(/droits nécessaires/);
    expect(toApiError(httpError(404, 'Not Found')).message).toMatch(/n'existe pas/);
  });

  it('handles errors that are not HTTP errors', () => {
    expect(toApiError(new Error('boom')).message).toBe(UNEXPECTED_MESSAGE);
  });
});

describe('fieldErrorList', () => {
  it('keeps the full path of every field error (dossier.lastName)', () => {
    const err = httpError(400, {
      statusCode: 400,
      message: 'x',
      errors: [{ field: 'dossier.lastName', message: 'Le nom est obligatoire.' }, { nope: 1 }],
    });
    expect(fieldErrorList(err)).toEqual([{ field: 'dossier.lastName', message: 'Le nom est obligatoire.' }]);
    expect(fieldErrorList(new Error('x'))).toEqual([]);
  });

  it('tells a failure worth retrying as is (no answer, server error) from a refusal', () => {
    expect(isTransient(httpError(0, null))).toBe(true);
    expect(isTransient(httpError(503, null))).toBe(true);
    expect(isTransient(httpError(409, { message: 'clos' }))).toBe(false);
  });
});

describe('newClientKey', () => {
  it('makes distinct keys the API accepts', () => {
    const a = newClientKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(newClientKey()).not.toBe(a);
  });
});
