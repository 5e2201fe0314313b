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
    title: 'Mes demandes',
    description: 'Les demandes de parcours de sortie de vos accompagnements, leurs pièces et leur état.',
    path: '/demandes',
    pictogram: 'document/document.svg',
    permission: Permission.PSP_REQUESTS_READ,
    roles: ['ASSOCIATION'],
  },
  {
    title: 'Demandes de parcours de sortie',
    description: 'Dossiers déposés, complétude et délai depuis la demande complète (PSP-4).',
    path: '/demandes',
    pictogram: 'document/document.svg',
    permission: Permission.PSP_REQUESTS_READ,
    roles: ['SECRETARIAT', 'PRESIDENT'],
  },
  {
    title: 'Nouvelle demande',
    description: 'Constituer un dossier pas à pas, joindre les pièces et le déposer.',
    path: '/demandes/nouvelle',
    pictogram: 'document/document-add.svg',
    permission: Permission.PSP_REQUESTS_FILE,
  },
  {
    title: 'Parcours',
    description: 'Périodes, durée restante sur 24 mois, allocation et autorisation de séjour.',
    path: '/parcours',
    pictogram: 'map/compass.svg',
    permission: Permission.PATHWAYS_READ,
  },
  {
    title: 'Séances',
    description: 'Calendrier, ordres du jour, convocations, quorum et votes.',
    path: '/seances',
    pictogram: 'digital/calendar.svg',
    permission: Permission.SITTINGS_READ,
  },
  {
    title: 'Programmer une séance',
    description: "Créer une séance ; l'ordre du jour reprend les demandes complètes.",
    path: '/seances/nouvelle',
    pictogram: 'document/document-signature.svg',
    permission: Permission.SITTINGS_MANAGE,
  },
  {
    title: 'Procès-verbaux',
    description: 'Rédiger, signer et télécharger les procès-verbaux des séances (PV-1).',
    path: '/proces-verbaux',
    pictogram: 'document/sign-document.svg',
    permission: Permission.SITTINGS_READ,
  },
  {
    title: 'Décisions du préfet',
    description: "Préparer et signer les décisions qui suivent l'avis de la commission (PSP-5).",
    path: '/decisions',
    pictogram: 'document/contract.svg',
    permission: Permission.PSP_REQUESTS_READ,
    roles: ['SECRETARIAT', 'PRESIDENT'],
  },
  {
    title: 'Stratégie départementale',
    description: 'Préconisations, actions et indicateurs ; adoption, signature et suivi annuel (STRAT-1).',
    path: '/strategie',
    pictogram: 'digital/data-visualization.svg',
    permission: Permission.STRATEGY_READ,
  },
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
    title: 'Courriels envoyés',
    description: "File d'envoi des courriels : état de chaque message, renvoi en cas d'échec.",
    path: '/administration/courriels',
    pictogram: 'digital/mail-send.svg',
    permission: Permission.OUTBOX_READ,
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
  // TENANT-1: the national accounts' tools.
  {
    title: 'Statistiques nationales',
    description:
      'Demandes, avis, décisions, délai médian (PSP-4) et parcours de chaque département, anonymisés, et leur export.',
    path: '/national/statistiques',
    pictogram: 'digital/data-visualization.svg',
    permission: Permission.NATIONAL_STATISTICS_READ,
  },
  {
    title: 'Départements',
    description:
      'Les départements ouverts sur le portail, leurs comptes, leur fermeture ou leur réouverture.',
    path: '/national/departements',
    pictogram: 'map/location-france.svg',
    permission: Permission.DEPARTEMENTS_MANAGE,
  },
  {
    title: 'Ouvrir un département',
    description: 'Ouvrir la commission d’un département et créer son premier compte de secrétariat.',
    path: '/national/departements/nouveau',
    pictogram: 'document/document-add.svg',
    permission: Permission.DEPARTEMENTS_MANAGE,
  },
  {
    title: 'Vérifier un document',
    description:
      'Contrôler qu’un procès-verbal, une décision ou la stratégie est authentique et non modifié (SIG-2).',
    path: '/verification',
    pictogram: 'document/document-search.svg',
    permission: Permission.AUTHENTICATED,
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
    'En tant que secrétariat de la commission, vous instruisez les demandes, préparez les séances et tenez à jour la composition de la commission et la liste des associations agréées.',
  PRESIDENT:
    'En tant que président(e) de la commission, vous convoquez et présidez les séances, et consultez les demandes, la composition de la commission et le journal d’audit.',
  MEMBER:
    'En tant que membre de la commission, vous retrouvez ici les séances auxquelles vous êtes convoqué(e), leurs documents et les votes.',
  ASSOCIATION:
    'En tant qu’association agréée, vous retrouvez ici les demandes de parcours de sortie de la prostitution que vous accompagnez.',
  ADMIN:
    'En tant qu’administrateur ou administratrice, vous gérez les comptes utilisateurs et surveillez le journal d’audit.',
  SUPERVISOR:
    'En tant que superviseur national, vous suivez les statistiques anonymisées de tous les départements, sans accès aux dossiers.',
  NATIONAL_ADMIN:
    'En tant qu’administrateur national, vous ouvrez les départements sur le portail, créez leur premier compte de secrétariat et suivez leurs statistiques anonymisées, sans accès aux dossiers.',
};
