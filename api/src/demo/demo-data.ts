import type { AppointmentKind, Civility, Role, Seat } from '@cdlp/shared';

/** Demo password, shown on the console and in the README, and only in demo mode. */
export const DEMO_PASSWORD = 'Demo-CDLP-2026!';

export interface DemoMember {
  key: string;
  civility: Civility;
  firstName: string;
  lastName: string;
  categoryCode: string;
  organisation: string;
  function: string;
  appointmentKind: AppointmentKind;
  seat: Seat;
  titulaireKey?: string;
  excludedFromPsp?: boolean;
  votingRight?: boolean;
  /** CONV-1: a member without an e-mail address, convened by a printed letter sent to this address. */
  postalAddress?: string;
}

/** A fictional commission of the Vienne (86): names are invented. */
export const DEMO_MEMBERS: DemoMember[] = [
  { key: 'prefet', civility: 'MME', firstName: 'Claire', lastName: 'Morvan', categoryCode: 'PRESIDENCE', organisation: 'Préfecture de la Vienne', function: 'Préfète', appointmentKind: 'EX_OFFICIO', seat: 'TITULAIRE' },
  { key: 'sg', civility: 'M', firstName: 'Étienne', lastName: 'Raynal', categoryCode: 'PRESIDENCE', organisation: 'Préfecture de la Vienne', function: 'Secrétaire général', appointmentKind: 'EX_OFFICIO', seat: 'SUPPLEANT', titulaireKey: 'prefet' },
  { key: 'magistrat', civility: 'MME', firstName: 'Hélène', lastName: 'Castaing', categoryCode: 'MAGISTRAT', organisation: 'Tribunal judiciaire de Poitiers', function: 'Vice-procureure', appointmentKind: 'REPRESENTATIVE', seat: 'TITULAIRE' },
  { key: 'ddfe', civility: 'MME', firstName: 'Sophie', lastName: 'Lemaire', categoryCode: 'ETAT_DROITS_FEMMES', organisation: 'Délégation départementale aux droits des femmes', function: 'Déléguée départementale', appointmentKind: 'EX_OFFICIO', seat: 'TITULAIRE' },
  { key: 'ddets', civility: 'M', firstName: 'Marc', lastName: 'Delorme', categoryCode: 'ETAT_COHESION_SOCIALE', organisation: 'DDETS de la Vienne', function: 'Directeur adjoint', appointmentKind: 'EX_OFFICIO', seat: 'TITULAIRE' },
  { key: 'ddets-s', civility: 'MME', firstName: 'Nadia', lastName: 'Benali', categoryCode: 'ETAT_COHESION_SOCIALE', organisation: 'DDETS de la Vienne', function: 'Cheffe du pôle inclusion', appointmentKind: 'EX_OFFICIO', seat: 'SUPPLEANT', titulaireKey: 'ddets' },
  { key: 'dipn', civility: 'M', firstName: 'Julien', lastName: 'Ferrand', categoryCode: 'ETAT_SECURITE_PUBLIQUE', organisation: 'Direction interdépartementale de la police nationale', function: 'Commissaire', appointmentKind: 'EX_OFFICIO', seat: 'TITULAIRE' },
  { key: 'pj', civility: 'MME', firstName: 'Laure', lastName: 'Vasseur', categoryCode: 'ETAT_POLICE_JUDICIAIRE', organisation: 'Office mineurs — antenne de Poitiers', function: 'Commandante', appointmentKind: 'EX_OFFICIO', seat: 'TITULAIRE' },
  { key: 'gendarmerie', civility: 'M', firstName: 'Thomas', lastName: 'Guérin', categoryCode: 'ETAT_GENDARMERIE', organisation: 'Groupement de gendarmerie de la Vienne', function: 'Lieutenant-colonel', appointmentKind: 'EX_OFFICIO', seat: 'TITULAIRE' },
  { key: 'gendarmerie-s', civility: 'MME', firstName: 'Aurélie', lastName: 'Picard', categoryCode: 'ETAT_GENDARMERIE', organisation: 'Groupement de gendarmerie de la Vienne', function: 'Capitaine', appointmentKind: 'EX_OFFICIO', seat: 'SUPPLEANT', titulaireKey: 'gendarmerie' },
  { key: 'etrangers', civility: 'M', firstName: 'Karim', lastName: 'Haddad', categoryCode: 'ETAT_ETRANGERS', organisation: 'Préfecture de la Vienne — service des étrangers', function: 'Chef de bureau', appointmentKind: 'EX_OFFICIO', seat: 'TITULAIRE' },
  { key: 'travail', civility: 'MME', firstName: 'Isabelle', lastName: 'Roche', categoryCode: 'ETAT_TRAVAIL_EMPLOI', organisation: 'France Travail Vienne', function: 'Directrice territoriale', appointmentKind: 'REPRESENTATIVE', seat: 'TITULAIRE' },
  { key: 'education', civility: 'M', firstName: 'Olivier', lastName: 'Marchand', categoryCode: 'ETAT_EDUCATION', organisation: 'DSDEN de la Vienne', function: 'Conseiller technique', appointmentKind: 'EX_OFFICIO', seat: 'TITULAIRE' },
  { key: 'ars', civility: 'MME', firstName: 'Camille', lastName: 'Berthier', categoryCode: 'ETAT_SANTE', organisation: 'ARS Nouvelle-Aquitaine — délégation de la Vienne', function: 'Déléguée départementale', appointmentKind: 'EX_OFFICIO', seat: 'TITULAIRE' },
  { key: 'elue', civility: 'MME', firstName: 'Martine', lastName: 'Jourdain', categoryCode: 'COLLECTIVITE', organisation: 'Ville de Poitiers', function: 'Adjointe au maire', appointmentKind: 'ELECTED', seat: 'TITULAIRE' },
  { key: 'elue-s', civility: 'M', firstName: 'Bruno', lastName: 'Lacroix', categoryCode: 'COLLECTIVITE', organisation: 'Ville de Poitiers', function: 'Conseiller municipal', appointmentKind: 'ELECTED', seat: 'SUPPLEANT', titulaireKey: 'elue' },
  { key: 'medecin', civility: 'M', firstName: 'Pierre', lastName: 'Vidal', categoryCode: 'PROFESSIONNEL_SANTE', organisation: "Conseil départemental de l'ordre des médecins", function: 'Médecin', appointmentKind: 'QUALIFIED_PERSON', seat: 'TITULAIRE', postalAddress: "Conseil départemental de l'ordre des médecins\n12 rue Carnot\n86000 Poitiers" },
  { key: 'asso1', civility: 'MME', firstName: 'Léa', lastName: 'Moreau', categoryCode: 'ASSOCIATION', organisation: 'Association Passerelles Vienne', function: 'Directrice', appointmentKind: 'REPRESENTATIVE', seat: 'TITULAIRE' },
  { key: 'asso2', civility: 'M', firstName: 'Samuel', lastName: 'Nguyen', categoryCode: 'ASSOCIATION', organisation: 'Centre d’information sur les droits des femmes et des familles de la Vienne', function: 'Juriste', appointmentKind: 'REPRESENTATIVE', seat: 'TITULAIRE' },
  { key: 'ase', civility: 'MME', firstName: 'Agnès', lastName: 'Collet', categoryCode: 'PROTECTION_ENFANCE', organisation: 'Conseil départemental — aide sociale à l’enfance', function: 'Responsable de l’ASE', appointmentKind: 'REPRESENTATIVE', seat: 'TITULAIRE', excludedFromPsp: true },
  { key: 'pcd', civility: 'M', firstName: 'Alain', lastName: 'Perrot', categoryCode: 'PRESIDENT_CONSEIL_DEPARTEMENTAL', organisation: 'Conseil départemental de la Vienne', function: 'Vice-président délégué', appointmentKind: 'ELECTED', seat: 'TITULAIRE', excludedFromPsp: true },
];

export interface DemoAssociation {
  key: string;
  name: string;
  email: string;
  approvalOrderRef: string;
  /** Years before today's year; the expired one starts 4 years back. */
  approvalStartOffsetDays: number;
  departementCodes: string[];
}

export const DEMO_ASSOCIATIONS: DemoAssociation[] = [
  { key: 'passerelles', name: 'Association Passerelles Vienne', email: 'contact@passerelles86.demo', approvalOrderRef: 'Arrêté préfectoral n° 2025-DDETS-014', approvalStartOffsetDays: -300, departementCodes: ['86', '79'] },
  { key: 'cidff', name: 'CIDFF de la Vienne', email: 'accueil@cidff86.demo', approvalOrderRef: 'Arrêté préfectoral n° 2024-DDETS-031', approvalStartOffsetDays: -700, departementCodes: ['86'] },
  { key: 'horizons', name: 'Horizons Solidaires', email: 'bureau@horizons.demo', approvalOrderRef: 'Arrêté préfectoral n° 2021-DDCS-007', approvalStartOffsetDays: -1500, departementCodes: ['86'] },
];

export interface DemoAccount {
  role: Role;
  email: string;
  firstName: string;
  lastName: string;
  memberKey?: string;
  associationKey?: string;
}

/** The Vienne (86) accounts: the ones the README lists first. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: 'SECRETARIAT', email: 'secretariat@demo.cdlp.fr', firstName: 'Sophie', lastName: 'Lemaire', memberKey: 'ddfe' },
  { role: 'PRESIDENT', email: 'president@demo.cdlp.fr', firstName: 'Claire', lastName: 'Morvan', memberKey: 'prefet' },
  { role: 'MEMBER', email: 'membre@demo.cdlp.fr', firstName: 'Marc', lastName: 'Delorme', memberKey: 'ddets' },
  { role: 'ASSOCIATION', email: 'association@demo.cdlp.fr', firstName: 'Léa', lastName: 'Moreau', memberKey: 'asso1', associationKey: 'passerelles' },
  { role: 'ADMIN', email: 'admin@demo.cdlp.fr', firstName: 'Paul', lastName: 'Admin' },
];

/**
 * TENANT-1: the demo serves two départements of one national instance, each with its
 * own commission, accounts and dossiers, plus the national accounts.
 */
export interface DemoDepartement {
  code: string;
  name: string;
  prefecture: string;
  mailSenderName: string;
  /** Words of the Vienne data replaced for this département (organisations, places). */
  replacements: [string, string][];
  accounts: DemoAccount[];
  associations: DemoAssociation[];
  /** Suffix of the members' demo e-mails (`prefet.79@demo.cdlp.fr`). */
  emailSuffix: string;
}

export const DEMO_DEPARTEMENTS: DemoDepartement[] = [
  {
    code: '86',
    name: 'Vienne',
    prefecture: 'Poitiers',
    mailSenderName: 'CDLP de la Vienne',
    replacements: [],
    accounts: DEMO_ACCOUNTS,
    associations: DEMO_ASSOCIATIONS,
    emailSuffix: '',
  },
  {
    code: '79',
    name: 'Deux-Sèvres',
    prefecture: 'Niort',
    mailSenderName: 'CDLP des Deux-Sèvres',
    replacements: [
      ['de la Vienne', 'des Deux-Sèvres'],
      ['Tribunal judiciaire de Poitiers', 'Tribunal judiciaire de Niort'],
      ['antenne de Poitiers', 'antenne de Niort'],
      ['Ville de Poitiers', 'Ville de Niort'],
      ['France Travail Vienne', 'France Travail Deux-Sèvres'],
      ['Association Passerelles Vienne', 'Association Passerelles Vienne'],
      ['CIDFF de la Vienne', 'CIDFF des Deux-Sèvres'],
    ],
    accounts: [
      { role: 'SECRETARIAT', email: 'secretariat.79@demo.cdlp.fr', firstName: 'Sophie', lastName: 'Lemaire', memberKey: 'ddfe' },
      { role: 'PRESIDENT', email: 'president.79@demo.cdlp.fr', firstName: 'Claire', lastName: 'Morvan', memberKey: 'prefet' },
      { role: 'MEMBER', email: 'membre.79@demo.cdlp.fr', firstName: 'Marc', lastName: 'Delorme', memberKey: 'ddets' },
      { role: 'ASSOCIATION', email: 'association.79@demo.cdlp.fr', firstName: 'Léa', lastName: 'Moreau', memberKey: 'asso1', associationKey: 'passerelles' },
      { role: 'ADMIN', email: 'admin.79@demo.cdlp.fr', firstName: 'Paul', lastName: 'Admin' },
    ],
    associations: [
      // PSP-2: the same approval covers the Vienne and the Deux-Sèvres.
      DEMO_ASSOCIATIONS[0],
      { key: 'cidff', name: 'CIDFF des Deux-Sèvres', email: 'accueil@cidff79.demo', approvalOrderRef: 'Arrêté préfectoral n° 2025-DDETS79-004', approvalStartOffsetDays: -200, departementCodes: ['79'] },
    ],
    emailSuffix: '.79',
  },
];

/** National accounts: they belong to no département. */
export const NATIONAL_DEMO_ACCOUNTS: DemoAccount[] = [
  { role: 'SUPERVISOR', email: 'supervision@demo.cdlp.fr', firstName: 'Anne', lastName: 'Supervision' },
  { role: 'NATIONAL_ADMIN', email: 'admin.national@demo.cdlp.fr', firstName: 'Hugo', lastName: 'National' },
];

/** Every demo account, for the console and the README. */
export const ALL_DEMO_ACCOUNTS: (DemoAccount & { departement: string | null })[] = [
  ...DEMO_DEPARTEMENTS.flatMap((d) => d.accounts.map((a) => ({ ...a, departement: d.code }))),
  ...NATIONAL_DEMO_ACCOUNTS.map((a) => ({ ...a, departement: null })),
];

/** A member of a département's demo commission: the Vienne data with its words replaced. */
export function demoMembersOf(d: DemoDepartement): DemoMember[] {
  if (d.replacements.length === 0) return DEMO_MEMBERS;
  const replace = (text: string) => d.replacements.reduce((t, [from, to]) => t.split(from).join(to), text);
  // Other invented people: first and last names of the Vienne list, recombined.
  const n = DEMO_MEMBERS.length;
  return DEMO_MEMBERS.map(({ postalAddress: _postal, ...m }, i) => ({
    ...m,
    lastName: DEMO_MEMBERS[(i + 7) % n].lastName,
    organisation: replace(m.organisation),
  }));
}
