import { addDays, addYears } from './dates';

/** PSP-2: an approval is granted for 3 years (R121-12-3). The duration is dated configuration. */
export const DEFAULT_APPROVAL_YEARS = 3;

/**
 * The last day an approval is valid: the day before its anniversary. An approval starting
 * on 29 February has its anniversary on 1 March of a common year, so it ends on 28 February
 * (addYears clamps to 28 February, which is then already the last day).
 */
export function approvalEndDate(approvalStart: string, years = DEFAULT_APPROVAL_YEARS): string {
  const anniversary = addYears(approvalStart, years);
  const clamped = anniversary.slice(8) !== approvalStart.slice(8);
  return clamped ? anniversary : addDays(anniversary, -1);
}

export interface ApprovalFacts {
  approvalStart: string;
  approvalEnd: string;
  departementCodes: readonly string[];
  endedAt: string | null;
}

export type ApprovalCheck = { valid: true } | { valid: false; reason: string };

/**
 * PSP-2: a request may be filed only by an association whose approval is valid on
 * the given date and covers the département. The reason is the French message shown to the user.
 */
export function checkApproval(a: ApprovalFacts, date: string, departementCode: string): ApprovalCheck {
  if (a.endedAt !== null && a.endedAt <= date) {
    return { valid: false, reason: "L'agrément de l'association a pris fin (PSP-2)." };
  }
  if (date < a.approvalStart) {
    return { valid: false, reason: `L'agrément de l'association ne prend effet que le ${a.approvalStart} (PSP-2).` };
  }
  if (date > a.approvalEnd) {
    return { valid: false, reason: `L'agrément de l'association a expiré le ${a.approvalEnd} (PSP-2).` };
  }
  if (!a.departementCodes.includes(departementCode)) {
    return {
      valid: false,
      reason: `L'agrément de l'association ne couvre pas le département ${departementCode} (PSP-2).`,
    };
  }
  return { valid: true };
}
