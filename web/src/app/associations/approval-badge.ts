import type { AssociationDto } from '@cdlp/shared';

export interface ApprovalBadge {
  label: string;
  cssClass: string;
}

/** PSP-2 at a glance: ended, valid today, not yet in force, or expired. */
export function approvalBadge(
  a: Pick<AssociationDto, 'active' | 'endedAt' | 'approvalValidToday' | 'approvalStart'>,
  today?: string,
): ApprovalBadge {
  if (!a.active || a.endedAt) return { label: 'Agrément terminé', cssClass: 'fr-badge fr-badge--sm' };
  if (a.approvalValidToday) return { label: 'Valide', cssClass: 'fr-badge fr-badge--sm fr-badge--success' };
  if (today && a.approvalStart > today)
    return { label: 'Pas encore en vigueur', cssClass: 'fr-badge fr-badge--sm fr-badge--info' };
  return { label: 'Expiré', cssClass: 'fr-badge fr-badge--sm fr-badge--error' };
}
