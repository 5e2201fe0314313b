import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { DeliberationDto, ItemVotingDto, Role, SittingDto } from '@cdlp/shared';
import { convenedMember, deliberation, itemVoting, page, sitting, SITTING_ID } from '../../testing/fixtures';
import { FakeEventSource } from '../../testing/fake-event-source';
import { byText, flushError, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { subjectOf } from './item-vote.component';
import { choiceVerb } from './seat-ballot.component';
import { SittingPage } from './sitting.page';
import { EVENT_SOURCE_FACTORY } from './sitting-live.service';

const URL = `/api/sittings/${SITTING_ID}`;
const SUBJECT = 'pour le dossier PSP-33-2026-0007';

const seats: ItemVotingDto['mySeats'] = [
  {
    capacity: 'OWN',
    representedMemberId: 'm1',
    label: 'pour vous',
    choice: null,
    reason: null,
    blockedReason: null,
  },
  {
    capacity: 'PROXY',
    representedMemberId: 'm3',
    label: 'pour Mme Inès Roy',
    choice: null,
    reason: null,
    blockedReason: null,
  },
];

function withItem(overrides: Partial<ItemVotingDto>): DeliberationDto {
  return deliberation({
    items: [itemVoting({ voteState: 'OPEN', ...overrides }), itemVoting({ itemId: 'i2' })],
  });
}

describe('voting on the sitting page', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    FakeEventSource.reset();
    http = setUpPageTest(
      [{ path: 'seances/:id', component: SittingPage }],
      [{ provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) }],
    );
  });

  afterEach(() => http.verify());

  async function open(
    role: Role,
    d: DeliberationDto,
    s: SittingDto = sitting({ state: 'OPEN', agendaLocked: true, myMemberId: 'm1' }),
  ): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/seances/${SITTING_ID}`);
    http.expectOne(URL).flush(s);
    http.expectOne(`${URL}/deliberation`).flush(d);
    await settle();
    for (const r of http.match((req) => req.url === '/api/members')) r.flush(page([]));
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  const block = (el: HTMLElement) => q(el, '#vote-i1');
  const button = (el: HTMLElement, name: string) =>
    [...block(el).querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.textContent?.replace(/\s+/g, ' ').trim() === name,
    ) ??
    (() => {
      throw new Error(`No button ${name}`);
    })();

  it('gives one block per seat with explicit buttons, sends an idempotency key and announces the vote', async () => {
    const el = await open('MEMBER', withItem({ mySeats: seats }));
    expect(block(el).textContent).toContain('Vote pour vous');
    expect(block(el).textContent).toContain('Vote pour Mme Inès Roy (mandat)');
    const own = button(el, `Voter favorable ${SUBJECT} pour vous`);
    expect(own.getAttribute('aria-pressed')).toBe('false');
    button(el, `S'abstenir ${SUBJECT} pour Mme Inès Roy`);
    const reason = q<HTMLTextAreaElement>(block(el), '#motif-i1-0');
    reason.value = 'Projet solide';
    reason.dispatchEvent(new Event('input'));
    own.click();
    const req = http.expectOne(`${URL}/items/i1/ballots`);
    expect(req.request.body).toEqual({
      choice: 'FAVOURABLE',
      capacity: 'OWN',
      reason: 'Projet solide',
      clientKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    });
    req.flush(
      withItem({
        mySeats: [{ ...seats[0], choice: 'FAVOURABLE', reason: 'Projet solide' }, seats[1]],
        votedCount: 1,
      }),
    );
    await settle();
    expect(button(el, `Voter favorable ${SUBJECT} pour vous`).getAttribute('aria-pressed')).toBe('true');
    expect(q(el, '#annonce-i1').getAttribute('aria-live')).toBe('polite');
    expect(q(el, '#annonce-i1').textContent).toBe(
      `Votre vote « Favorable » pour vous ${SUBJECT} est enregistré.`,
    );
    expect(block(el).textContent).toContain('Vote enregistré pour vous : Favorable.');
  });

  it('sends the same key again when the answer was lost, and a new key for another choice', async () => {
    const el = await open('MEMBER', withItem({ mySeats: seats }));
    button(el, `Voter défavorable ${SUBJECT} pour Mme Inès Roy`).click();
    const first = http.expectOne(`${URL}/items/i1/ballots`);
    const key = first.request.body.clientKey as string;
    expect(first.request.body.capacity).toBe('PROXY');
    flushError(first, 0, {});
    await settle();
    expect(block(el).querySelector('[role=alert]')?.textContent).toContain(
      "Le vote n'a pas pu être confirmé",
    );
    button(el, 'Renvoyer le vote pour Mme Inès Roy').click();
    const retry = http.expectOne(`${URL}/items/i1/ballots`);
    expect(retry.request.body.clientKey).toBe(key);
    flushError(retry, 503, {});
    await settle();
    button(el, `Voter favorable ${SUBJECT} pour Mme Inès Roy`).click();
    const other = http.expectOne(`${URL}/items/i1/ballots`);
    expect(other.request.body.choice).toBe('FAVOURABLE');
    expect(other.request.body.clientKey).not.toBe(key);
    other.flush(withItem({ mySeats: seats }));
    await settle();
  });

  it('shows who has voted, never what, and the refusal of the API', async () => {
    const el = await open(
      'MEMBER',
      withItem({
        mySeats: seats,
        votedCount: 2,
        eligibleCount: 5,
        voters: [
          { memberId: 'm2', name: 'M. Paul Martin', capacity: 'OWN', forName: null },
          { memberId: 'm1', name: 'Mme Claire Dubois', capacity: 'PROXY', forName: 'Mme Inès Roy' },
        ],
      }),
    );
    expect(block(el).textContent).toContain(
      '2 votes sur 5 - ont voté : M. Paul Martin, Mme Claire Dubois (pour Mme Inès Roy)',
    );
    button(el, `Voter favorable ${SUBJECT} pour vous`).click();
    flushError(http.expectOne(`${URL}/items/i1/ballots`), 409, {
      statusCode: 409,
      message: 'Le vote sur ce point est clos.',
    });
    await settle();
    expect(block(el).textContent).toContain('Le vote sur ce point est clos.');
  });

  it('records a declaration of interest (COI-1) and then hides the vote', async () => {
    const el = await open('MEMBER', withItem({ mySeats: seats }));
    button(el, `Déclarer un intérêt ${SUBJECT}`).click();
    await settle();
    const reason = q<HTMLTextAreaElement>(block(el), '#motif-interet-i1');
    reason.value = 'Je connais la personne.';
    reason.dispatchEvent(new Event('input'));
    button(el, "Confirmer la déclaration d'intérêt").click();
    const req = http.expectOne(`${URL}/items/i1/interests`);
    expect(req.request.body).toEqual({ reason: 'Je connais la personne.' });
    req.flush(withItem({ iAmRecused: true }));
    await settle();
    expect(block(el).textContent).toContain("Votre déclaration d'intérêt est enregistrée");
    expect(block(el).querySelectorAll('button[aria-pressed]')).toHaveLength(0);
  });

  it('hides the vote from a recused member', async () => {
    const el = await open(
      'MEMBER',
      withItem({
        iAmRecused: true,
        voters: null,
        recusals: [{ memberId: 'm1', name: 'Mme Claire Dubois', reason: 'Lien personnel', automatic: false }],
      }),
    );
    expect(block(el).textContent).toContain('Vous avez déclaré un intérêt sur ce point');
    expect(block(el).querySelectorAll('button[aria-pressed]')).toHaveLength(0);
    expect(block(el).textContent).toContain('Mme Claire Dubois - Lien personnel');
  });

  it('lets the chair open and close the vote, and the secretariat remind the members who have not voted', async () => {
    const el = await open('PRESIDENT', deliberation(), sitting({ state: 'OPEN', agendaLocked: true }));
    button(el, `Ouvrir le vote ${SUBJECT}`).click();
    http
      .expectOne({ method: 'POST', url: `${URL}/items/i1/vote/open` })
      .flush(withItem({ notVoted: [{ memberId: 'm2', name: 'M. Paul Martin' }] }));
    await settle();
    expect(block(el).textContent).toContain("N'ont pas encore voté : M. Paul Martin");
    button(el, `Relancer les membres qui n'ont pas voté ${SUBJECT}`).click();
    http.expectOne(`${URL}/items/i1/vote/remind`).flush({ reminded: 2 });
    await settle();
    expect(block(el).textContent).toContain('2 membres ont été relancés par courriel.');
    button(el, `Clore le vote ${SUBJECT}`).click();
    http.expectOne(`${URL}/items/i1/vote/close`).flush(
      withItem({
        voteState: 'CLOSED',
        result: {
          opinion: 'FAVOURABLE',
          favourable: 2,
          unfavourable: 2,
          abstentions: 0,
          total: 4,
          rule: 'EXCLUDED',
          castingVote: true,
          text: 'Avis favorable : 2 voix pour, 2 contre, 0 abstention ; partage égal des voix, la voix de la présidence est prépondérante.',
          participation: null,
          recusedMemberIds: [],
          ballotChainHead: 'x',
        },
      }),
    );
    await settle();
    expect(q(el, '#resultat-i1').textContent).toContain('la voix de la présidence est prépondérante');
    expect(block(el).textContent).toContain('Avis favorable');
  });

  it('records a dissent after the vote (PV-1)', async () => {
    const el = await open('MEMBER', withItem({ voteState: 'CLOSED', mySeats: seats }));
    button(el, `Faire consigner ma position divergente ${SUBJECT}`).click();
    await settle();
    const text = q<HTMLTextAreaElement>(block(el), '#texte-divergence-i1');
    text.value = 'Je ne partage pas cet avis.';
    text.dispatchEvent(new Event('input'));
    button(el, 'Consigner ma position').click();
    const req = http.expectOne(`${URL}/items/i1/dissent`);
    expect(req.request.body).toEqual({ text: 'Je ne partage pas cet avis.' });
    req.flush(
      withItem({
        voteState: 'CLOSED',
        dissents: [{ memberId: 'm1', name: 'Mme Claire Dubois', text: 'Je ne partage pas cet avis.' }],
      }),
    );
    await settle();
    expect(block(el).textContent).toContain('Mme Claire Dubois : Je ne partage pas cet avis.');
  });

  it('MEMB-1: a suppléant who sits for an absent titulaire records a dissent in his own name (PV-1)', async () => {
    const s = sitting({
      state: 'OPEN',
      agendaLocked: true,
      myMemberId: 'sub1',
      members: [
        convenedMember({
          memberId: 'm1',
          name: 'Mme Martine Jourdain',
          answer: 'SUBSTITUTED',
          confirmedPresence: 'ABSENT',
          substituteId: 'sub1',
          substituteName: 'M. Bruno Lacroix',
          substituteQuality: 'Conseiller municipal, Ville de Poitiers',
          substituteCivility: 'M',
        }),
      ],
    });
    const el = await open('MEMBER', withItem({ voteState: 'CLOSED' }), s);
    expect(q(el, '#ma-suppleance').textContent).toContain('suppléant de Mme Martine Jourdain');
    button(el, `Faire consigner ma position divergente ${SUBJECT}`).click();
    await settle();
    const text = q<HTMLTextAreaElement>(block(el), '#texte-divergence-i1');
    text.value = 'Je ne partage pas cet avis.';
    text.dispatchEvent(new Event('input'));
    button(el, 'Consigner ma position').click();
    const req = http.expectOne(`${URL}/items/i1/dissent`);
    expect(req.request.body).toEqual({ text: 'Je ne partage pas cet avis.' });
    req.flush(
      withItem({
        voteState: 'CLOSED',
        dissents: [
          {
            memberId: 'sub1',
            name: 'M. Bruno Lacroix (suppléant de Mme Martine Jourdain)',
            text: 'Je ne partage pas cet avis.',
          },
        ],
      }),
    );
    await settle();
    expect(block(el).textContent).toContain(
      'M. Bruno Lacroix (suppléant de Mme Martine Jourdain) : Je ne partage pas cet avis.',
    );
  });

  it('shows the window and the comments of a written deliberation (REM-3)', async () => {
    const written = sitting({
      state: 'OPEN',
      mode: 'WRITTEN',
      agendaLocked: true,
      myMemberId: 'm1',
      opensAt: '2026-03-10T08:00:00Z',
      earliestCloseAt: '2026-03-17T16:00:00Z',
    });
    const el = await open(
      'MEMBER',
      deliberation({
        comments: [
          {
            id: 'c1',
            itemId: 'i1',
            authorName: 'Paul Martin',
            body: 'Dossier complet.',
            createdAt: '2026-03-11T09:00:00Z',
          },
        ],
      }),
      written,
    );
    expect(el.textContent).toContain('Délibération électronique écrite (REM-3)');
    expect(el.textContent).toContain('mardi 17 mars 2026 à 17 h 00');
    expect(el.textContent).toContain('Dossier complet.');
    expect(el.querySelector('#table-registre')).toBeNull();
    const body = q<HTMLTextAreaElement>(el, '#commentBody');
    body.value = 'Avis favorable pour ma part.';
    body.dispatchEvent(new Event('input'));
    byText<HTMLButtonElement>(el, 'button', 'Publier le commentaire').click();
    expect(http.expectOne(`${URL}/comments`).request.body).toEqual({ body: 'Avis favorable pour ma part.' });
  });
});

describe('vote wording', () => {
  it('names the choice and the subject explicitly', () => {
    expect(choiceVerb('UNFAVOURABLE')).toBe('Voter défavorable');
    expect(choiceVerb('ABSTENTION')).toBe("S'abstenir");
    expect(subjectOf({ kind: 'POLICY', reference: null, title: 'Stratégie' } as never)).toBe(
      'pour le point « Stratégie »',
    );
  });
});
