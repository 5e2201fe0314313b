/**
 * The roles of the portal. A user holds exactly one role. The first five belong to one
 * département; SUPERVISOR and NATIONAL_ADMIN are national and see no département's data
 * (TENANT-1).
 */
export const ROLES = ['SECRETARIAT', 'PRESIDENT', 'MEMBER', 'ASSOCIATION', 'ADMIN', 'SUPERVISOR', 'NATIONAL_ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  SECRETARIAT: 'Secrétariat (DDFE)',
  PRESIDENT: 'Présidence (préfet ou délégué)',
  MEMBER: 'Membre de la commission',
  ASSOCIATION: 'Association agréée',
  ADMIN: 'Administration',
  SUPERVISOR: 'Supervision nationale',
  NATIONAL_ADMIN: 'Administration nationale',
};

/** The roles that belong to no département. */
export const NATIONAL_ROLES: readonly Role[] = ['SUPERVISOR', 'NATIONAL_ADMIN'];

export function isNationalRole(role: Role): boolean {
  return NATIONAL_ROLES.includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
