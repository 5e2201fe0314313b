import { Role } from './roles';

/**
 * Permissions are declared on every API handler and checked by the server.
 * The web uses the same table to decide what to show, never to protect data.
 */
export enum Permission {
  /** Any logged-in user: own account, dashboard, reference lists. */
  AUTHENTICATED = 'AUTHENTICATED',
  /** Any account of a département (TENANT-1): the département's own reference data and documents. */
  DEPARTEMENT_READ = 'DEPARTEMENT_READ',
  MEMBERS_READ = 'MEMBERS_READ',
  MEMBERS_WRITE = 'MEMBERS_WRITE',
  ASSOCIATIONS_READ = 'ASSOCIATIONS_READ',
  ASSOCIATIONS_WRITE = 'ASSOCIATIONS_WRITE',
  USERS_MANAGE = 'USERS_MANAGE',
  AUDIT_READ = 'AUDIT_READ',
  CONFIG_MANAGE = 'CONFIG_MANAGE',
  /** Dated parameters (AFIS-1, PSP-6, CONV-2, QUOR-3, VOTE-1…): new values from today or later. */
  PARAMETERS_MANAGE = 'PARAMETERS_MANAGE',
  /** Read PSP requests: all of them (secretariat, president) or the association's own. */
  PSP_REQUESTS_READ = 'PSP_REQUESTS_READ',
  /** File and edit PSP requests and their documents. */
  PSP_REQUESTS_FILE = 'PSP_REQUESTS_FILE',
  /** Completeness decisions (PSP-3: several concordant documents). */
  PSP_COMPLETENESS_DECIDE = 'PSP_COMPLETENESS_DECIDE',
  /** DP-2: the pseudonymised summary, for members convened to the sitting. */
  PSP_SUMMARY_READ = 'PSP_SUMMARY_READ',
  /** PSP-3: edit the dated checklist. */
  PSP_CHECKLIST_MANAGE = 'PSP_CHECKLIST_MANAGE',
  PATHWAYS_READ = 'PATHWAYS_READ',
  PATHWAYS_MANAGE = 'PATHWAYS_MANAGE',
  /** See sittings: all of them, or (members) those they are convened to. */
  SITTINGS_READ = 'SITTINGS_READ',
  /** CONV-1: plan sittings, set the agenda, convene. */
  SITTINGS_MANAGE = 'SITTINGS_MANAGE',
  /** Answer a convocation: attendance, substitute, mandate. */
  SITTINGS_ANSWER = 'SITTINGS_ANSWER',
  /** Confirm the presence register, open and close a sitting. */
  SITTINGS_CHAIR = 'SITTINGS_CHAIR',
  /** Delivery status of e-mails, re-sending. */
  OUTBOX_READ = 'OUTBOX_READ',
  /** PV-1: draft the minutes and their free text. */
  MINUTES_EDIT = 'MINUTES_EDIT',
  /** SIG-1: sign minutes, decisions and the strategy. */
  DOCUMENTS_SIGN = 'DOCUMENTS_SIGN',
  /** PSP-5: prepare the préfet's decisions. */
  DECISIONS_PREPARE = 'DECISIONS_PREPARE',
  /** STRAT-1: read the departmental strategy and its follow-up. */
  STRATEGY_READ = 'STRATEGY_READ',
  /** Write the strategy, put it to the vote, follow it up. */
  STRATEGY_EDIT = 'STRATEGY_EDIT',
  /** Members and associations comment on recommendations and actions. */
  STRATEGY_COMMENT = 'STRATEGY_COMMENT',
  /** TENANT-1: anonymised statistics of every département (counts only, no dossier). */
  NATIONAL_STATISTICS_READ = 'NATIONAL_STATISTICS_READ',
  /** TENANT-1: open a département on the national instance and create its first secretariat account. */
  DEPARTEMENTS_MANAGE = 'DEPARTEMENTS_MANAGE',
}

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  SECRETARIAT: [
    Permission.AUTHENTICATED,
    Permission.DEPARTEMENT_READ,
    Permission.MEMBERS_READ,
    Permission.MEMBERS_WRITE,
    Permission.ASSOCIATIONS_READ,
    Permission.ASSOCIATIONS_WRITE,
    Permission.PSP_REQUESTS_READ,
    Permission.PSP_REQUESTS_FILE,
    Permission.PSP_COMPLETENESS_DECIDE,
    Permission.PSP_SUMMARY_READ,
    Permission.PATHWAYS_READ,
    Permission.PATHWAYS_MANAGE,
    Permission.SITTINGS_READ,
    Permission.SITTINGS_MANAGE,
    Permission.SITTINGS_ANSWER,
    Permission.SITTINGS_CHAIR,
    Permission.OUTBOX_READ,
    Permission.MINUTES_EDIT,
    Permission.DECISIONS_PREPARE,
    Permission.STRATEGY_READ,
    Permission.STRATEGY_EDIT,
    Permission.STRATEGY_COMMENT,
    Permission.PARAMETERS_MANAGE,
  ],
  PRESIDENT: [
    Permission.AUTHENTICATED,
    Permission.DEPARTEMENT_READ,
    Permission.MEMBERS_READ,
    Permission.ASSOCIATIONS_READ,
    Permission.AUDIT_READ,
    Permission.PSP_REQUESTS_READ,
    Permission.PSP_SUMMARY_READ,
    Permission.PATHWAYS_READ,
    Permission.SITTINGS_READ,
    Permission.SITTINGS_MANAGE,
    Permission.SITTINGS_ANSWER,
    Permission.SITTINGS_CHAIR,
    Permission.DOCUMENTS_SIGN,
    Permission.STRATEGY_READ,
    Permission.STRATEGY_COMMENT,
  ],
  MEMBER: [
    Permission.AUTHENTICATED,
    Permission.DEPARTEMENT_READ,
    Permission.PSP_SUMMARY_READ,
    Permission.SITTINGS_READ,
    Permission.SITTINGS_ANSWER,
    Permission.STRATEGY_READ,
    Permission.STRATEGY_COMMENT,
  ],
  ASSOCIATION: [
    Permission.AUTHENTICATED,
    Permission.DEPARTEMENT_READ,
    Permission.PSP_REQUESTS_READ,
    Permission.PSP_REQUESTS_FILE,
    Permission.PATHWAYS_READ,
    Permission.STRATEGY_READ,
    Permission.STRATEGY_COMMENT,
  ],
  ADMIN: [
    Permission.AUTHENTICATED,
    Permission.DEPARTEMENT_READ,
    Permission.MEMBERS_READ,
    Permission.ASSOCIATIONS_READ,
    Permission.USERS_MANAGE,
    Permission.AUDIT_READ,
    Permission.CONFIG_MANAGE,
    Permission.PARAMETERS_MANAGE,
    Permission.PSP_CHECKLIST_MANAGE,
    Permission.OUTBOX_READ,
    Permission.STRATEGY_READ,
  ],
  SUPERVISOR: [Permission.AUTHENTICATED, Permission.NATIONAL_STATISTICS_READ],
  NATIONAL_ADMIN: [Permission.AUTHENTICATED, Permission.NATIONAL_STATISTICS_READ, Permission.DEPARTEMENTS_MANAGE],
};

export function hasPermission(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return ROLE_PERMISSIONS[role].includes(permission);
}
