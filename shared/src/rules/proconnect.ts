import type { Role } from '../contract/roles';

/**
 * Member categories whose members are State agents (préfecture, State services, justice): only
 * their accounts may be invited to ProConnect, the State's login for its agents. The categories
 * are dated configuration (COMP-2); the State ones all carry these codes or the ETAT_ prefix.
 */
export function isStateServiceCategory(categoryCode: string): boolean {
  return categoryCode === 'PRESIDENCE' || categoryCode === 'MAGISTRAT' || categoryCode.startsWith('ETAT_');
}

/**
 * Whether an account may be invited to ProConnect: the secretariat, the presidency and the
 * administrators are State agents; a member only when the member sits for a State service;
 * an association never. Returns the French reason of a refusal, or null when allowed.
 */
export function proConnectInvitationRefusal(role: Role, memberCategoryCode: string | null): string | null {
  if (role === 'ASSOCIATION') {
    return 'Un compte « association » ne peut pas être invité à ProConnect, réservé aux agents de l’État.';
  }
  if (role === 'MEMBER' && !(memberCategoryCode && isStateServiceCategory(memberCategoryCode))) {
    return 'Seuls les membres représentant un service de l’État peuvent être invités à ProConnect.';
  }
  return null;
}

/** Only same-site paths are accepted as a return address after login (no open redirect). */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/connexion') || value.startsWith('/api/')) return '/';
  // Control characters would let a header or a log line be split.
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
  return value.slice(0, 500);
}
