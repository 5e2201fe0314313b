import { hasPermission, Permission, type Role } from '@cdlp/shared';

export interface DashboardTile {
  title: string;
  description: string;
  path: string;
  /** DSFR pictogram, path under dist/artwork/pictograms. */
  pictogram: string;
  permission: Permission;
  /** Shown only to these roles (all roles having the permission when absent). */
  roles?: readonly Role[];
}

export const DASHBOARD_TILES: readonly DashboardTile[] = [
  {
    title: 'Membres de la commission',
    description: 'Composition, mandats, titulaires et suppléants.',
    path: '/membres',
    pictogram: 'environment/human-cooperation.svg',
    permission: Permission.MEMBERS_READ,
  },
  {
    title: 'Ajouter un membre',
    description: 'Enregistrer une nomination par arrêté préfectoral.',
    path: '/membres/nouveau',
    pictogram: 'document/document-add.svg',
    permission: Permission.MEMBERS_WRITE,
  },
  {
    title: 'Importer des membres',
    description: 'Reprendre la composition depuis un fichier CSV.',
    path: '/membres/import',
    pictogram: 'document/document-download.svg',
    permission: Permission.MEMBERS_WRITE,
  },
  {
    title: 'Associations agréées',
    description: 'Agréments, départements couverts et dates de validité.',
    path: '/associations',
    pictogram: 'leisure/community.svg',
    permission: Permission.ASSOCIATIONS_READ,
  },
  {
    title: 'Comptes utilisateurs',
    description: 'Créer, activer ou désactiver les comptes et leurs sessions.',
    path: '/administration/comptes',
    pictogram: 'system/padlock.svg',
    permission: Permission.USERS_MANAGE,
  },
  {
    title: "Journal d'audit",
    description: "Consulter les actions enregistrées et vérifier l'intégrité du journal.",
    path: '/administration/journal',
    pictogram: 'document/document-search.svg',
    permission: Permission.AUDIT_READ,
  },
  {
    title: 'Mon compte',
    description: 'Mes informations, mon mot de passe et mes sessions actives.',
    path: '/mon-compte',
    pictogram: 'digital/avatar.svg',
    permission: Permission.AUTHENTICATED,
  },
];

export function tilesFor(role: Role | null | undefined): DashboardTile[] {
  if (!role) return [];
  return DASHBOARD_TILES.filter(
    (t) => hasPermission(role, t.permission) && (!t.roles || t.roles.includes(role)),
  );
}

/** The one-line description of what the role does on the portal. */
export const ROLE_INTRODUCTIONS: Record<Role, string> = {
  SECRETARIAT:
    'En tant que secrétariat de la commission, vous tenez à jour la composition de la commission et la liste des associations agréées.',
  PRESIDENT:
    'En tant que président(e) de la commission, vous consultez sa composition, les associations agréées et le journal d’audit.',
  MEMBER:
    'En tant que membre de la commission, vous retrouvez ici les séances auxquelles vous êtes convoqué(e) et leurs documents.',
  ASSOCIATION:
    'En tant qu’association agréée, vous retrouvez ici les demandes de parcours de sortie de la prostitution que vous accompagnez.',
  ADMIN:
    'En tant qu’administrateur ou administratrice, vous gérez les comptes utilisateurs et surveillez le journal d’audit.',
};
