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
  { label: 'Demandes', path: '/demandes', exact: false, permission: Permission.PSP_REQUESTS_READ },
  { label: 'Parcours', path: '/parcours', exact: false, permission: Permission.PATHWAYS_READ },
  { label: 'Séances', path: '/seances', exact: false, permission: Permission.SITTINGS_READ },
  { label: 'Stratégie', path: '/strategie', exact: false, permission: Permission.STRATEGY_READ },
  { label: 'Membres', path: '/membres', exact: false, permission: Permission.MEMBERS_READ },
  { label: 'Associations', path: '/associations', exact: false, permission: Permission.ASSOCIATIONS_READ },
  { label: 'Courriels', path: '/administration/courriels', exact: false, permission: Permission.OUTBOX_READ },
  {
    label: 'Paramètres',
    path: '/administration/parametres',
    exact: false,
    permission: Permission.PARAMETERS_MANAGE,
  },
  {
    label: 'Pièces justificatives',
    path: '/administration/pieces-justificatives',
    exact: false,
    permission: Permission.PSP_CHECKLIST_MANAGE,
  },
  {
    label: 'Signature et courriels',
    path: '/administration/departement',
    exact: false,
    permission: Permission.CONFIG_MANAGE,
  },
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
  // TENANT-1: the national accounts' sections.
  {
    label: 'Statistiques nationales',
    path: '/national/statistiques',
    exact: false,
    permission: Permission.NATIONAL_STATISTICS_READ,
  },
  {
    label: 'Départements',
    path: '/national/departements',
    exact: false,
    permission: Permission.DEPARTEMENTS_MANAGE,
  },
  {
    label: 'Vérifier un document',
    path: '/verification',
    exact: false,
    permission: Permission.AUTHENTICATED,
  },
];

/** The main navigation of a role: only the sections it may open. */
export function navItemsFor(role: Role | null | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => hasPermission(role, item.permission));
}
