import { FormControl, Validators } from '@angular/forms';
import { formatDay, formatDayOf, formatInstant, formatLongInstant } from './dates';
import { clientErrorMessage, displayedError } from './form-fields';
import { pageWindow } from './pagination.component';
import { ariaSort } from './sort-header.component';

describe('dates', () => {
  it('formats legal days in French without time zone drift', () => {
    expect(formatDay('2026-03-03')).toBe('3 mars 2026');
    expect(formatDay(null)).toBe('');
  });

  it('formats instants in Europe/Paris, summer and winter time', () => {
    expect(formatInstant('2026-07-01T10:00:00Z')).toBe('01/07/2026 à 12:00');
    expect(formatInstant('2026-01-15T23:30:00Z')).toBe('16/01/2026 à 00:30');
  });

  it('writes sitting dates in full, and the Paris day of an instant', () => {
    expect(formatLongInstant('2026-03-03T13:30:00Z')).toBe('mardi 3 mars 2026 à 14 h 30');
    expect(formatDayOf('2026-01-15T23:30:00Z')).toBe('16 janvier 2026');
    expect(formatLongInstant(null)).toBe('');
  });
});

describe('pageWindow', () => {
  it('shows the first, last and neighbouring pages with ellipses', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 4)).toEqual([1, 2, 3, 4]);
    expect(pageWindow(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
  });
});

describe('ariaSort', () => {
  it('describes only the sorted column', () => {
    expect(ariaSort('lastName', 'lastName', 'asc')).toBe('ascending');
    expect(ariaSort('lastName', 'lastName', 'desc')).toBe('descending');
    expect(ariaSort('termEnd', 'lastName', 'asc')).toBeNull();
  });
});

describe('field errors', () => {
  it('writes client-side errors in French', () => {
    expect(clientErrorMessage({ required: true }, 'Nom')).toBe('Le champ « Nom » est obligatoire.');
    expect(clientErrorMessage({ minlength: { requiredLength: 12, actualLength: 3 } }, 'Mot de passe')).toBe(
      'Ce champ doit contenir au moins 12 caractères.',
    );
    expect(clientErrorMessage({ message: 'Message propre.' }, 'X')).toBe('Message propre.');
  });

  it('waits for the user to leave the field or submit, and prefers the server error', () => {
    const control = new FormControl('', Validators.required);
    expect(displayedError(control, 'Nom', null, false)).toBeNull();
    expect(displayedError(control, 'Nom', null, true)).toBe('Le champ « Nom » est obligatoire.');
    control.markAsTouched();
    expect(displayedError(control, 'Nom', 'Déjà utilisé.', false)).toBe('Déjà utilisé.');
  });
});
