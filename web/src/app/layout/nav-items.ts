import { hasPermission, Permission, type Role } from '@cdlp/shared';

export interface NavItem {
  label: string;
  path: string;
  /** Whether only the exact path makes the link current ("/" would match everything otherwise). */
  exact: boolean;
  permission: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Tableau de bord', path: '/', exact: true, permission: Permission.AUTHENTICATED },
  { label: 'Membres', path: '/membres', exact: false, permission: Permission.MEMBERS_READ },
  { label: 'Associations', path: '/associations', exact: false, permission: Permission.ASSOCIATIONS_READ },
  {
    label: 'Comptes utilisateurs',
    path: '/administration/comptes',
    exact: false,
    permission: Permission.USERS_MANAGE,
  },
  {
    label: "Journal d'audit",
    path: '/administration/journal',
    exact: false,
    permission: Permission.AUDIT_READ,
  },
];

/** The main navigation of a role: only the sections it may open. */
export function navItemsFor(role: Role | null | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => hasPermission(role, item.permission));
}
