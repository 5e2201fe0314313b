import type { Role } from './roles';
import type { PathwayEndReason } from './psp';

/**
 * TENANT-1: the national administration of the instance (NATIONAL_ADMIN) and the national
 * statistics (SUPERVISOR, NATIONAL_ADMIN). National accounts see no département's data:
 * only the registry of départements, account counts and anonymised aggregates.
 */

/** A département of the instance, as the national administration sees it. */
export interface NationalDepartementDto {
  code: string;
  name: string;
  prefecture: string;
  active: boolean;
  /** The sender name of the département's e-mails ("CDLP de la Vienne"). */
  mailSenderName: string | null;
  createdAt: string;
  /** Accounts of the département (counts only, no account is named). */
  accounts: number;
  activeAccounts: number;
  accountsByRole: Partial<Record<Role, number>>;
}

export interface OpenDepartementDto {
  code: string;
  name: string;
  prefecture: string;
  mailSenderName: string;
  /** The first account of the département: its secretariat, which then opens the others. */
  secretariatEmail: string;
  secretariatFirstName: string;
  secretariatLastName: string;
}

export interface UpdateDepartementDto {
  name: string;
  prefecture: string;
  mailSenderName: string;
  /** A deactivated département: its accounts cannot log in (their sessions end) and its jobs stop. */
  active: boolean;
}

/** The mail sender name of a département, read and changed by its administration. */
export interface MailSenderDto {
  mailSenderName: string | null;
}

export interface UpdateMailSenderDto {
  mailSenderName: string;
}

/**
 * SIG-1: the certificate a département's documents are signed with. Each préfet signs with
 * their own: an uploaded certificate of the département, else the instance's
 * (SIGNING_P12_PATH), else, in demo mode only, a demo certificate of the département.
 * The private key and its password never leave the server.
 */
export const SIGNING_CERTIFICATE_SOURCES = ['DEPARTEMENT', 'INSTANCE', 'DEMO', 'NONE'] as const;
export type SigningCertificateSource = (typeof SIGNING_CERTIFICATE_SOURCES)[number];

export interface SigningCertificateDto {
  source: SigningCertificateSource;
  subject: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** Upload of the département's certificate (source DEPARTEMENT). */
  uploadedAt: string | null;
  uploadedByName: string | null;
}

/** The password of an uploaded PKCS#12 file (the file itself travels in the `file` field). */
export interface UploadSigningCertificateDto {
  password: string;
}

/**
 * National statistics (TENANT-1, PSP-4): counts and medians per département and in total,
 * never a dossier, a name or a reference. A count from 1 to STATISTICS_THRESHOLD − 1 is
 * not shown (« < 5 »), nor a median over fewer values; when a single count of a column is
 * hidden, the smallest other one is hidden too, so that the total does not give it away.
 */
export const STATISTICS_THRESHOLD = 5;

/** One figure of the statistics: `value` is null when hidden, `display` is what to print. */
export interface StatisticCellDto {
  value: number | null;
  suppressed: boolean;
  display: string;
}

export interface StatisticsFiguresDto {
  requestsInitial: StatisticCellDto;
  requestsRenewal: StatisticCellDto;
  opinionsFavourable: StatisticCellDto;
  opinionsUnfavourable: StatisticCellDto;
  decisionsAuthorised: StatisticCellDto;
  decisionsRefused: StatisticCellDto;
  /** PSP-4: median days from "complete" to the opinion, over the opinions of the year. */
  medianDaysCompleteToOpinion: StatisticCellDto;
  activePathways: StatisticCellDto;
  pathwayEndings: Record<PathwayEndReason, StatisticCellDto>;
  sittingsHeld: StatisticCellDto;
  /** DP-3: records of the year purged of personal data, of which only an anonymised statistic is left. */
  purgedRequests: StatisticCellDto;
  purgedPathways: StatisticCellDto;
}

export interface DepartementStatisticsDto extends StatisticsFiguresDto {
  code: string;
  name: string;
  active: boolean;
}

export interface NationalStatisticsDto {
  year: number;
  threshold: number;
  departements: DepartementStatisticsDto[];
  total: StatisticsFiguresDto;
  /** How the figures are protected, in French, for the page and exports. */
  disclosureNote: string;
}

export const STATISTICS_DISCLOSURE_NOTE =
  `Chiffres agrégés, sans aucun dossier. Un effectif de 1 à ${STATISTICS_THRESHOLD - 1} est masqué (« < ${STATISTICS_THRESHOLD} »), ` +
  `comme une médiane calculée sur moins de ${STATISTICS_THRESHOLD} avis ; quand un seul effectif d’une colonne est masqué, ` +
  'le plus petit des autres l’est aussi, pour que le total ne permette pas de le retrouver. Les totaux portent sur tous les départements.';
