import { PSP_REQUEST_STATE_LABELS, PspRequestEvent, PspRequestState } from '../contract/psp';

/**
 * The lifecycle of a PSP request, as a pure function used by the api (to refuse
 * illegal transitions with a 409) and by the web (to show only possible actions).
 *
 * DRAFT ─SUBMIT→ SUBMITTED ─MARK_COMPLETE→ COMPLETE ─PUT_ON_AGENDA→ ON_AGENDA ─GIVE_OPINION→ OPINION_GIVEN ─DECIDE→ DECIDED
 *                    └─MARK_INCOMPLETE→ INCOMPLETE ─MARK_COMPLETE→ COMPLETE
 * PSP-4: only a COMPLETE request goes on an agenda. PSP-5: the opinion and the decision are separate steps.
 * WITHDRAW is possible until the opinion is given.
 */
const TRANSITIONS: Record<PspRequestState, Partial<Record<PspRequestEvent, PspRequestState>>> = {
  DRAFT: { SUBMIT: 'SUBMITTED', WITHDRAW: 'WITHDRAWN' },
  SUBMITTED: { MARK_INCOMPLETE: 'INCOMPLETE', MARK_COMPLETE: 'COMPLETE', WITHDRAW: 'WITHDRAWN' },
  INCOMPLETE: { MARK_COMPLETE: 'COMPLETE', WITHDRAW: 'WITHDRAWN' },
  COMPLETE: { MARK_INCOMPLETE: 'INCOMPLETE', PUT_ON_AGENDA: 'ON_AGENDA', WITHDRAW: 'WITHDRAWN' },
  ON_AGENDA: { REMOVE_FROM_AGENDA: 'COMPLETE', GIVE_OPINION: 'OPINION_GIVEN', WITHDRAW: 'WITHDRAWN' },
  OPINION_GIVEN: { DECIDE: 'DECIDED' },
  DECIDED: {},
  WITHDRAWN: {},
};

const EVENT_LABELS: Record<PspRequestEvent, string> = {
  SUBMIT: 'déposer la demande',
  MARK_INCOMPLETE: 'déclarer la demande incomplète',
  MARK_COMPLETE: 'déclarer la demande complète',
  PUT_ON_AGENDA: "inscrire la demande à l'ordre du jour",
  REMOVE_FROM_AGENDA: "retirer la demande de l'ordre du jour",
  GIVE_OPINION: "rendre l'avis de la commission",
  DECIDE: 'enregistrer la décision du préfet',
  WITHDRAW: 'retirer la demande',
};

export type TransitionResult = { ok: true; to: PspRequestState } | { ok: false; message: string };

export function transition(from: PspRequestState, event: PspRequestEvent): TransitionResult {
  const to = TRANSITIONS[from][event];
  if (to) return { ok: true, to };
  const verb = EVENT_LABELS[event];
  // « Impossible d'inscrire », « Impossible d'enregistrer » : elision before a vowel.
  const de = /^[aeéèêiouy]/i.test(verb) ? "d'" : 'de ';
  return {
    ok: false,
    message: `Impossible ${de}${verb} : la demande est à l'état « ${PSP_REQUEST_STATE_LABELS[from]} ».`,
  };
}

export function allowedEvents(from: PspRequestState): PspRequestEvent[] {
  return Object.keys(TRANSITIONS[from]) as PspRequestEvent[];
}

/** States in which the association may still edit the dossier and its documents. */
export function isEditable(state: PspRequestState): boolean {
  return state === 'DRAFT' || state === 'SUBMITTED' || state === 'INCOMPLETE' || state === 'COMPLETE';
}

/** PSP-4: a request waits for the commission from completion until the opinion. */
export function isAwaitingOpinion(state: PspRequestState): boolean {
  return state === 'COMPLETE' || state === 'ON_AGENDA';
}
