import type { ChecklistItemDto } from '@cdlp/shared';

/** One piece of the checklist (a code) with its dated versions, as the settings screen shows it. */
export interface ChecklistPiece {
  code: string;
  /** The version in force today, or, for a piece not yet in force, its first version. */
  shown: ChecklistItemDto;
  /** The open version (no end date): the one a change replaces. */
  open: ChecklistItemDto | null;
  /** A version starting after today, if any. */
  scheduled: ChecklistItemDto | null;
  /** Every version, latest first. */
  versions: ChecklistItemDto[];
}

/** PSP-3: groups the dated versions of a kind's checklist by piece, in the list's order. */
export function checklistPieces(items: readonly ChecklistItemDto[], today: string): ChecklistPiece[] {
  const byCode = new Map<string, ChecklistItemDto[]>();
  for (const item of items) byCode.set(item.code, [...(byCode.get(item.code) ?? []), item]);
  const pieces: ChecklistPiece[] = [];
  for (const [code, list] of byCode) {
    const versions = [...list].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
    const inForce = versions.find((v) => v.validFrom <= today && (v.validTo === null || v.validTo >= today));
    const scheduled = versions.find((v) => v.validFrom > today) ?? null;
    const shown = inForce ?? scheduled;
    // A piece whose last version ended before today is no longer asked for.
    if (!shown) continue;
    pieces.push({ code, shown, open: versions.find((v) => v.validTo === null) ?? null, scheduled, versions });
  }
  return pieces.sort((a, b) => a.shown.sortOrder - b.shown.sortOrder);
}
