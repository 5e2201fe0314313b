/**
 * MAND-1: a member who is not replaced by a suppléant may give a mandate to another
 * member; nobody holds more than one mandate. A mandate to oneself, to a member
 * excluded from the items (COMP-3), or to someone who is not convened is refused.
 */
export interface MandateCandidate {
  id: string;
  convened: boolean;
  excluded: boolean;
  /** The holder's own answer: a holder who is absent or gives a mandate cannot hold one. */
  answer: 'PRESENT' | 'REMOTE' | 'ABSENT' | 'SUBSTITUTED' | 'MANDATE' | null;
  /** How many mandates this member already holds (other than from the giver). */
  mandatesHeld: number;
}

export function checkMandate(giverId: string, giverExcluded: boolean, holder: MandateCandidate | undefined, sittingHasPspItems: boolean): string | null {
  if (!holder) return 'Le membre choisi ne fait pas partie des membres convoqués (MAND-1).';
  if (holder.id === giverId) return 'Vous ne pouvez pas vous donner mandat à vous-même (MAND-1).';
  if (!holder.convened) return 'Le membre choisi ne fait pas partie des membres convoqués (MAND-1).';
  if (holder.excluded && sittingHasPspItems && !giverExcluded) {
    return 'Le membre choisi ne siège pas pour l’examen des demandes individuelles : il ne peut pas recevoir de mandat (COMP-3).';
  }
  if (holder.mandatesHeld >= 1) return 'Ce membre détient déjà un mandat : nul ne peut en détenir plus d’un (MAND-1).';
  if (holder.answer === 'ABSENT' || holder.answer === 'SUBSTITUTED' || holder.answer === 'MANDATE') {
    return 'Le membre choisi ne sera pas présent : un mandat confié à un absent ne compte pas (MAND-1).';
  }
  return null;
}
