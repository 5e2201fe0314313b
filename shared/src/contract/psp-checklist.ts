import type { PspRequestKind } from './psp';

/** PSP-3: a new piece of the checklist of a kind of request, from today or a later day. */
export interface CreateChecklistItemDto {
  kind: PspRequestKind;
  label: string;
  required: boolean;
  maxAgeMonths?: number | null;
  validFrom: string;
}

/** The code of a new piece, from its label: « Attestation CAF » → ATTESTATION_CAF (40 characters at most). */
export function checklistCodeFromLabel(label: string): string {
  const code = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 36)
    .replace(/_+$/, '');
  return code || 'PIECE';
}
