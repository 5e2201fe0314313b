/** The five roles of the portal. A user holds exactly one role. */
export const ROLES = ['SECRETARIAT', 'PRESIDENT', 'MEMBER', 'ASSOCIATION', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  SECRETARIAT: 'Secrétariat (DDFE)',
  PRESIDENT: 'Présidence (préfet ou délégué)',
  MEMBER: 'Membre de la commission',
  ASSOCIATION: 'Association agréée',
  ADMIN: 'Administration',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
