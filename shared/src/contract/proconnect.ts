/** Cookie tying a ProConnect login in progress to the browser that started it (SameSite=Lax). */
export const PROCONNECT_BINDING_COOKIE = 'cdlp_proconnect';

/** Paths of the web pages the ProConnect routes send the browser back to. */
export const PROCONNECT_REFUSAL_PATH = '/connexion/refus';

/** Link of the "What is ProConnect?" mention required next to the button. */
export const PROCONNECT_INFO_URL = 'https://www.proconnect.gouv.fr/';

/** GET /api/auth/login-methods: what the login page offers. */
export interface LoginMethodsDto {
  password: boolean;
  proConnect: boolean;
}

/** POST /api/auth/logout: where the browser goes next to end the ProConnect session too, if any. */
export interface LogoutResultDto {
  endSessionUrl: string | null;
}

/**
 * A State agent's account and ProConnect: not invited, invited (the next ProConnect login with a
 * matching e-mail links it), or linked to a ProConnect identity (`sub`).
 */
export type ProConnectLinkState = 'NONE' | 'INVITED' | 'LINKED';

export const PROCONNECT_LINK_LABELS: Record<ProConnectLinkState, string> = {
  NONE: 'Non invité à ProConnect',
  INVITED: 'Invité à ProConnect',
  LINKED: 'Relié à ProConnect',
};

/** Why a ProConnect login ended on the refusal page; the code travels in `?motif=`. */
export const PROCONNECT_REFUSALS = [
  'NOT_CONFIGURED',
  'CANCELLED',
  'INVALID_STATE',
  'FAILED',
  'UNAVAILABLE',
  'TOO_MANY_ATTEMPTS',
  'EMAIL_NOT_VERIFIED',
  'UNKNOWN_EMAIL',
  'NOT_INVITED',
  'ALREADY_LINKED',
  'INACTIVE',
  'ASSOCIATION_ACCOUNT',
] as const;
export type ProConnectRefusal = (typeof PROCONNECT_REFUSALS)[number];

export function isProConnectRefusal(value: unknown): value is ProConnectRefusal {
  return typeof value === 'string' && (PROCONNECT_REFUSALS as readonly string[]).includes(value);
}

/**
 * The French text of each refusal. ProConnect asks services to explain the access conditions and
 * to give a way out to people who are stuck, hence a title, an explanation and what to do next.
 */
export const PROCONNECT_REFUSAL_TEXTS: Record<ProConnectRefusal, { title: string; message: string; next: string }> = {
  NOT_CONFIGURED: {
    title: 'La connexion avec ProConnect n’est pas disponible',
    message: 'Ce portail n’est pas configuré pour la connexion avec ProConnect.',
    next: 'Connectez-vous avec votre adresse électronique et votre mot de passe.',
  },
  CANCELLED: {
    title: 'Connexion avec ProConnect interrompue',
    message: 'La connexion a été annulée sur ProConnect : vous n’êtes pas connecté au portail.',
    next: 'Vous pouvez recommencer, ou vous connecter avec votre adresse électronique et votre mot de passe.',
  },
  INVALID_STATE: {
    title: 'Demande de connexion expirée',
    message:
      'Cette demande de connexion a expiré, a déjà été utilisée ou a été ouverte dans un autre navigateur.',
    next: 'Recommencez depuis la page de connexion.',
  },
  FAILED: {
    title: 'ProConnect n’a pas pu confirmer votre identité',
    message: 'La réponse de ProConnect est invalide ou a expiré : par sécurité, la connexion est refusée.',
    next: 'Recommencez depuis la page de connexion. Si le problème persiste, contactez le secrétariat de la commission.',
  },
  UNAVAILABLE: {
    title: 'ProConnect ne répond pas',
    message: 'Le service ProConnect est momentanément injoignable.',
    next: 'Réessayez dans quelques minutes, ou connectez-vous avec votre adresse électronique et votre mot de passe.',
  },
  TOO_MANY_ATTEMPTS: {
    title: 'Trop de tentatives de connexion',
    message: 'Trop de connexions ont été demandées depuis votre adresse en peu de temps.',
    next: 'Patientez une minute avant de réessayer.',
  },
  EMAIL_NOT_VERIFIED: {
    title: 'Adresse électronique non vérifiée',
    message: 'ProConnect n’a pas transmis d’adresse électronique vérifiée pour votre compte.',
    next: 'Contactez le support de votre fournisseur d’identité, ou connectez-vous avec votre mot de passe.',
  },
  UNKNOWN_EMAIL: {
    title: 'Aucun compte du portail pour cette adresse',
    message: 'Aucun compte du portail ne correspond à l’adresse électronique de votre compte ProConnect.',
    next: 'Demandez au secrétariat de la commission de faire ouvrir votre compte par l’administrateur du portail, puis de vous inviter à ProConnect.',
  },
  NOT_INVITED: {
    title: 'Votre compte n’est pas encore ouvert à ProConnect',
    message: 'Votre compte du portail existe, mais l’administrateur ne l’a pas invité à se connecter avec ProConnect.',
    next: 'Connectez-vous avec votre adresse électronique et votre mot de passe, ou demandez une invitation à ProConnect.',
  },
  ALREADY_LINKED: {
    title: 'Compte relié à une autre identité ProConnect',
    message: 'Votre compte du portail est déjà relié à une autre identité ProConnect (par exemple celle d’un autre fournisseur d’identité).',
    next: 'Demandez à l’administrateur du portail de renouveler votre invitation à ProConnect.',
  },
  INACTIVE: {
    title: 'Compte désactivé',
    message: 'Ce compte du portail est désactivé.',
    next: 'Contactez le secrétariat de la commission.',
  },
  ASSOCIATION_ACCOUNT: {
    title: 'ProConnect est réservé aux agents de l’État',
    message: 'Les comptes des associations ne se connectent pas avec ProConnect.',
    next: 'Connectez-vous avec votre adresse électronique et votre mot de passe.',
  },
};
