import type { SittingState } from '@cdlp/shared';
import type { SittingMemberEntity } from './sitting-member.entity';

/**
 * MEMB-1: the sitting window of a suppléant. A suppléant sits for a titulaire once designated
 * in the register (`sitting_member.substitute_id`, by the secretariat or at the opening from the
 * titulaire's answer), and only while the sitting is convened or open: once it is closed, the
 * suppléant sees nothing of it any more (the signed minutes reach every member by e-mail).
 */
export const SUBSTITUTE_WINDOW: readonly SittingState[] = ['CONVENED', 'OPEN'];

type SeatRow = Pick<SittingMemberEntity, 'memberId' | 'substituteId'>;

/**
 * The row through which a member takes part in a sitting: their own (a titulaire), or, during
 * the window, the row of the absent titulaire they sit for (MEMB-1), whose disclosure they get
 * (convened, COMP-3 exclusion). Undefined: the member does not sit.
 */
export function seatRowOf<R extends SeatRow>(
  rows: readonly R[],
  memberId: string | null | undefined,
  state: SittingState,
): R | undefined {
  if (!memberId) return undefined;
  const own = rows.find((r) => r.memberId === memberId);
  if (own) return own;
  if (!SUBSTITUTE_WINDOW.includes(state)) return undefined;
  return rows.find((r) => r.substituteId === memberId);
}

/** Whether the member sits as a suppléant through this row (MEMB-1). */
export function sitsAsSubstitute(row: SeatRow | undefined, memberId: string | null | undefined): boolean {
  return !!row && !!memberId && row.memberId !== memberId && row.substituteId === memberId;
}
