import 'reflect-metadata';
import {
  PSP_REQUEST_STATES,
  PSP_REQUEST_STATE_LABELS,
  PspRequestEvent,
  PspRequestState,
} from '../contract/psp';
import { allowedEvents, isAwaitingOpinion, isEditable, transition } from './psp-request.state';

/** Every event of the lifecycle (PspRequestEvent is a type: the list is written out here on purpose). */
const ALL_EVENTS: PspRequestEvent[] = [
  'SUBMIT',
  'MARK_INCOMPLETE',
  'MARK_COMPLETE',
  'PUT_ON_AGENDA',
  'REMOVE_FROM_AGENDA',
  'GIVE_OPINION',
  'DECIDE',
  'WITHDRAW',
];

/**
 * The expected lifecycle, written independently of the implementation:
 * PSP-3 completeness moves a submitted request between INCOMPLETE and COMPLETE;
 * PSP-4 only a COMPLETE request goes on an agenda, and the commission gives its opinion there;
 * PSP-5 the préfet decides after the opinion; a request may be withdrawn until the opinion is given.
 */
const EXPECTED: Record<PspRequestState, Partial<Record<PspRequestEvent, PspRequestState>>> = {
  DRAFT: { SUBMIT: 'SUBMITTED', WITHDRAW: 'WITHDRAWN' },
  SUBMITTED: { MARK_INCOMPLETE: 'INCOMPLETE', MARK_COMPLETE: 'COMPLETE', WITHDRAW: 'WITHDRAWN' },
  INCOMPLETE: { MARK_COMPLETE: 'COMPLETE', WITHDRAW: 'WITHDRAWN' },
  COMPLETE: { MARK_INCOMPLETE: 'INCOMPLETE', PUT_ON_AGENDA: 'ON_AGENDA', WITHDRAW: 'WITHDRAWN' },
  ON_AGENDA: { REMOVE_FROM_AGENDA: 'COMPLETE', GIVE_OPINION: 'OPINION_GIVEN', WITHDRAW: 'WITHDRAWN' },
  OPINION_GIVEN: { DECIDE: 'DECIDED' },
  DECIDED: {},
  WITHDRAWN: {},
};

/** The French start of each refusal, with the elision before a vowel (« d'inscrire », « d'enregistrer »). */
const REFUSALS: Record<PspRequestEvent, string> = {
  SUBMIT: 'Impossible de déposer la demande',
  MARK_INCOMPLETE: 'Impossible de déclarer la demande incomplète',
  MARK_COMPLETE: 'Impossible de déclarer la demande complète',
  PUT_ON_AGENDA: "Impossible d'inscrire la demande à l'ordre du jour",
  REMOVE_FROM_AGENDA: "Impossible de retirer la demande de l'ordre du jour",
  GIVE_OPINION: "Impossible de rendre l'avis de la commission",
  DECIDE: "Impossible d'enregistrer la décision du préfet",
  WITHDRAW: 'Impossible de retirer la demande',
};

const pairs: [PspRequestState, PspRequestEvent][] = PSP_REQUEST_STATES.flatMap((s) =>
  ALL_EVENTS.map((e) => [s, e] as [PspRequestState, PspRequestEvent]),
);
const legal = pairs.filter(([s, e]) => EXPECTED[s][e] !== undefined);
const illegal = pairs.filter(([s, e]) => EXPECTED[s][e] === undefined);

describe('PSP request lifecycle (PSP-3, PSP-4, PSP-5)', () => {
  it('PSP-4: the table covers the 8 states and the 8 events (64 pairs)', () => {
    expect([...PSP_REQUEST_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(pairs).toHaveLength(64);
    expect(legal).toHaveLength(14);
    expect(illegal).toHaveLength(50);
  });

  it.each(legal.map(([s, e]) => [s, e, EXPECTED[s][e]]))('PSP-4: %s --%s--> %s', (from, event, to) => {
    expect(transition(from as PspRequestState, event as PspRequestEvent)).toEqual({ ok: true, to });
  });

  it.each(illegal)('PSP-4: %s refuses %s with a French message', (from, event) => {
    const r = transition(from, event);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe(
      `${REFUSALS[event]} : la demande est à l'état « ${PSP_REQUEST_STATE_LABELS[from]} ».`,
    );
  });

  it('PSP-4: the refusal messages read as French (examples)', () => {
    expect(transition('INCOMPLETE', 'PUT_ON_AGENDA')).toEqual({
      ok: false,
      message: "Impossible d'inscrire la demande à l'ordre du jour : la demande est à l'état « Incomplète ».",
    });
    expect(transition('ON_AGENDA', 'DECIDE')).toEqual({
      ok: false,
      message:
        "Impossible d'enregistrer la décision du préfet : la demande est à l'état « À l'ordre du jour ».",
    });
    expect(transition('DECIDED', 'WITHDRAW')).toEqual({
      ok: false,
      message: "Impossible de retirer la demande : la demande est à l'état « Décision prise ».",
    });
  });

  it('PSP-4: only a COMPLETE request can be put on an agenda', () => {
    const from = PSP_REQUEST_STATES.filter((s) => transition(s, 'PUT_ON_AGENDA').ok);
    expect(from).toEqual(['COMPLETE']);
  });

  it('PSP-5: the decision comes only after the opinion, and the opinion only from the agenda', () => {
    expect(PSP_REQUEST_STATES.filter((s) => transition(s, 'DECIDE').ok)).toEqual(['OPINION_GIVEN']);
    expect(PSP_REQUEST_STATES.filter((s) => transition(s, 'GIVE_OPINION').ok)).toEqual(['ON_AGENDA']);
  });

  it('PSP-5: a request can be withdrawn until the opinion is given, never after', () => {
    expect(PSP_REQUEST_STATES.filter((s) => transition(s, 'WITHDRAW').ok)).toEqual([
      'DRAFT',
      'SUBMITTED',
      'INCOMPLETE',
      'COMPLETE',
      'ON_AGENDA',
    ]);
  });

  it('PSP-4: DECIDED and WITHDRAWN are final states', () => {
    for (const s of ['DECIDED', 'WITHDRAWN'] as const) {
      expect(ALL_EVENTS.filter((e) => transition(s, e).ok)).toEqual([]);
    }
  });

  it.each([...PSP_REQUEST_STATES])('PSP-4: allowedEvents(%s) lists exactly the legal events', (state) => {
    expect([...allowedEvents(state)].sort()).toEqual(Object.keys(EXPECTED[state]).sort());
  });

  it('PSP-3: the dossier is editable from the draft until completion, not once on an agenda', () => {
    expect(PSP_REQUEST_STATES.filter((s) => isEditable(s))).toEqual([
      'DRAFT',
      'SUBMITTED',
      'INCOMPLETE',
      'COMPLETE',
    ]);
  });

  it('PSP-4: a request waits for the commission from completion until the opinion', () => {
    expect(PSP_REQUEST_STATES.filter((s) => isAwaitingOpinion(s))).toEqual(['COMPLETE', 'ON_AGENDA']);
  });
});
