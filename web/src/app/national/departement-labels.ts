import { ROLE_LABELS, ROLES, type NationalDepartementDto, type Role } from '@cdlp/shared';

export function stateBadge(d: Pick<NationalDepartementDto, 'active'>): { label: string; cssClass: string } {
  return d.active
    ? { label: 'Ouvert', cssClass: 'fr-badge--success' }
    : { label: 'Fermé', cssClass: 'fr-badge--warning' };
}

/** « 5 comptes, dont 4 actifs ». */
export function accountsText(d: Pick<NationalDepartementDto, 'accounts' | 'activeAccounts'>): string {
  const n = d.accounts;
  if (n === 0) return 'Aucun compte';
  const total = `${n} compte${n > 1 ? 's' : ''}`;
  const active = d.activeAccounts;
  if (active === n) return n === 1 ? '1 compte, actif' : `${total}, tous actifs`;
  return `${total}, dont ${active} actif${active > 1 ? 's' : ''}`;
}

/** The account counts by role, in the order of the roles (counts only: no account is named). */
export function accountsByRole(
  d: Pick<NationalDepartementDto, 'accountsByRole'>,
): { role: Role; label: string; count: number }[] {
  return ROLES.filter((r) => (d.accountsByRole[r] ?? 0) > 0).map((role) => ({
    role,
    label: ROLE_LABELS[role],
    count: d.accountsByRole[role] ?? 0,
  }));
}
