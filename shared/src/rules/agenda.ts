/**
 * PSP-4: the agenda of an examination sitting is built from the complete requests
 * not yet examined; renewals whose period ends before the sitting come with them.
 * Urgent requests first, then renewals due before the sitting, then by completion date.
 */
export interface AgendaCandidate {
  id: string;
  urgent: boolean;
  kind: 'INITIAL' | 'RENEWAL';
  completedAt: string;
  /** For a renewal, the end of the current period of its pathway. */
  periodEnd: string | null;
}

export function orderAgenda(candidates: readonly AgendaCandidate[], sittingDate: string): AgendaCandidate[] {
  const rank = (c: AgendaCandidate) => (c.urgent ? 0 : c.kind === 'RENEWAL' && c.periodEnd !== null && c.periodEnd <= sittingDate ? 1 : 2);
  return [...candidates].sort((a, b) => rank(a) - rank(b) || a.completedAt.localeCompare(b.completedAt) || a.id.localeCompare(b.id));
}
