import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { DeliberationDto, Role, SittingDto } from '@cdlp/shared';
import {
  convenedMember,
  deliberation,
  member,
  page,
  pspListItem,
  sitting,
  SITTING_ID,
} from '../../testing/fixtures';
import { FakeEventSource } from '../../testing/fake-event-source';
import { byText, flushError, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { moveItem } from './agenda-items';
import { SittingPage } from './sitting.page';
import { EVENT_SOURCE_FACTORY } from './sitting-live.service';

const URL = `/api/sittings/${SITTING_ID}`;

function fill(el: ParentNode, selector: string, value: string, event = 'input'): void {
  const input = q<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event(event));
}

describe('SittingPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    FakeEventSource.reset();
    http = setUpPageTest(
      [{ path: 'seances/:id', component: SittingPage }],
      [{ provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) }],
    );
  });

  afterEach(() => http.verify());

  /** Opens the page and answers the requests of the page and of its sections. */
  async function open(
    role: Role,
    dto: SittingDto = sitting(),
    d: DeliberationDto = deliberation(),
  ): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/seances/${SITTING_ID}`);
    http.expectOne(URL).flush(dto);
    http.expectOne(`${URL}/deliberation`).flush(d);
    await settle();
    answerSideRequests();
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  /** Complete requests (agenda builder), suppléants (register), sending progress and letters (CONV-1). */
  function answerSideRequests(): void {
    for (const r of http.match((req) => req.url === `${URL}/convocation/progress`)) {
      r.flush({ queued: 0, sent: 1, failed: 0, total: 1, letters: 0, done: true });
    }
    for (const r of http.match((req) => req.url === `${URL}/convocation/letters`)) r.flush([]);
    for (const r of http.match((req) => req.url === '/api/psp-requests')) {
      r.flush(page([pspListItem({ id: 'r9', reference: 'PSP-33-2026-0009' })]));
    }
    for (const r of http.match((req) => req.url === '/api/members')) {
      r.flush(
        page([
          member({ id: 's1', seat: 'SUPPLEANT', titulaireId: 'm2', firstName: 'Nina', lastName: 'Sup' }),
        ]),
      );
    }
  }

  it('shows the sitting, its agenda and the live quorum, and follows the server-sent events', async () => {
    const el = await open(
      'MEMBER',
      sitting({ state: 'CONVENED', myMemberId: 'm1', convokedAt: '2026-03-01T09:00:00Z' }),
    );
    expect(el.querySelector('h1')?.textContent).toBe(
      'Séance n° 2026-04 - Examen des demandes de parcours de sortie',
    );
    expect(document.title).toBe(
      'Séance n° 2026-04 - Examen des demandes de parcours de sortie - Portail CDLP',
    );
    expect(el.querySelectorAll('.cdlp-agenda__item')).toHaveLength(2);
    expect(el.querySelector('a[href$="/agenda.pdf"]')).not.toBeNull();
    expect(el.querySelector('a[href$="/calendar.ics"]')).not.toBeNull();
    const quorum = q(el, '#quorum-texte');
    expect(quorum.getAttribute('aria-live')).toBe('polite');
    expect(quorum.textContent).toContain('quorum non atteint');

    const source = FakeEventSource.last();
    expect(source.url).toBe(`${URL}/events`);
    source.open();
    source.emit(
      'sitting',
      sitting({
        state: 'CONVENED',
        myMemberId: 'm1',
        quorum: {
          ...sitting().quorum,
          reached: true,
          counted: 2,
          text: '2 membres présents ou représentés sur 3 : quorum atteint (2 requis)',
        },
      }),
    );
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();
    expect(q(el, '#quorum-texte').textContent).toContain('quorum atteint (2 requis)');
    expect(el.textContent).toContain('Mise à jour en direct.');
    // No builder for a member.
    expect(el.textContent).not.toContain('Monter');
    expect(el.textContent).not.toContain('Envoyer la convocation');
  });

  it('reloads the whole state after a break of the live stream', async () => {
    await open('MEMBER', sitting({ state: 'CONVENED', myMemberId: 'm1' }));
    const source = FakeEventSource.last();
    source.open();
    source.fail(false);
    source.open();
    http.expectOne(URL).flush(sitting({ state: 'OPEN', myMemberId: 'm1' }));
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();
  });

  it('lets a member answer with a mandate to another convened member (MAND-1)', async () => {
    const el = await open('MEMBER', sitting({ state: 'CONVENED', myMemberId: 'm1' }));
    const section = byText(el, 'section', 'Ma réponse');
    expect(q(section, '#ma-reponse-actuelle').textContent).toBe('Pas de réponse');
    q<HTMLInputElement>(section, '#answer-4').click();
    await settle();
    const holder = q<HTMLSelectElement>(section, '#mandateHolderId');
    expect([...holder.options].map((o) => o.textContent)).toEqual([
      'Sélectionner une option',
      'M. Paul Martin - Commissaire, police',
      'Mme Inès Roy - Juriste, CIDFF',
    ]);
    byText<HTMLButtonElement>(section, 'button', 'Enregistrer ma réponse').click();
    await settle();
    expect(section.textContent).toContain('Choisissez le membre à qui vous donnez mandat.');
    fill(section, '#mandateHolderId', 'm2', 'change');
    byText<HTMLButtonElement>(section, 'button', 'Enregistrer ma réponse').click();
    const req = http.expectOne(`${URL}/attendance`);
    expect(req.request.body).toEqual({ answer: 'MANDATE', mandateHolderId: 'm2' });
    req.flush(
      sitting({
        state: 'CONVENED',
        myMemberId: 'm1',
        members: [
          convenedMember({ answer: 'MANDATE', mandateHolderId: 'm2', mandateHolderName: 'M. Paul Martin' }),
        ],
      }),
    );
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();
    expect(section.textContent).toContain('Votre réponse est enregistrée : Mandat à M. Paul Martin.');
  });

  it('builds the agenda: reorders with the move buttons, removes an item with a reason, adds a complete request', async () => {
    const el = await open('SECRETARIAT');
    const first = q(el, '.cdlp-agenda__item');
    expect(first.getAttribute('draggable')).toBe('true');
    byText<HTMLButtonElement>(el, '.cdlp-agenda__item:nth-child(2) button', 'Monter').click();
    const reorder = http.expectOne({ method: 'PUT', url: `${URL}/agenda/order` });
    expect(reorder.request.body).toEqual({ itemIds: ['i2', 'i1'] });
    reorder.flush(sitting());
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();

    byText<HTMLButtonElement>(el, '.cdlp-agenda__item button', 'Retirer').click();
    await settle();
    byText<HTMLButtonElement>(el, 'button', 'Confirmer le retrait').click();
    await settle();
    http.expectNone(`${URL}/agenda/i1/remove`);
    fill(el, '#motif-retrait-i1', 'Pièces à vérifier');
    byText<HTMLButtonElement>(el, 'button', 'Confirmer le retrait').click();
    const remove = http.expectOne(`${URL}/agenda/i1/remove`);
    expect(remove.request.body).toEqual({ reason: 'Pièces à vérifier' });
    remove.flush(sitting());
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();

    fill(el, '#requestId', 'r9', 'change');
    byText<HTMLButtonElement>(el, 'button', 'Inscrire la demande').click();
    const add = http.expectOne({ method: 'POST', url: `${URL}/agenda` });
    expect(add.request.body).toEqual({ kind: 'PSP_REQUEST', requestId: 'r9' });
    add.flush(sitting());
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();
  });

  it('reorders the agenda by drag and drop', async () => {
    const el = await open('SECRETARIAT');
    const items = el.querySelectorAll('.cdlp-agenda__item');
    items[1].dispatchEvent(new Event('dragstart'));
    await settle();
    items[0].dispatchEvent(new Event('dragover', { cancelable: true }));
    await settle();
    expect(items[0].classList).toContain('cdlp-agenda__item--over');
    items[0].dispatchEvent(new Event('drop', { cancelable: true }));
    const reorder = http.expectOne({ method: 'PUT', url: `${URL}/agenda/order` });
    expect(reorder.request.body).toEqual({ itemIds: ['i2', 'i1'] });
    reorder.flush(sitting());
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();
    expect(el.querySelector('section[aria-labelledby=odj-titre] [aria-live]')?.textContent).toContain(
      'déplacé en position 1',
    );
  });

  it('requires the urgency and its reason when the convocation is late (CONV-2)', async () => {
    const el = await open('SECRETARIAT', sitting({ convocationOnTime: false }));
    const section = byText(el, 'section', 'Aperçu de la convocation');
    expect(section.textContent).toContain('Délai de convocation (CONV-2)');
    byText<HTMLButtonElement>(section, 'button', 'Envoyer la convocation').click();
    await settle();
    expect(section.textContent).toContain('cochez « Convocation en urgence »');
    http.expectNone(`${URL}/convocation`);
    q<HTMLInputElement>(section, '#urgent').click();
    await settle();
    byText<HTMLButtonElement>(section, 'button', 'Envoyer la convocation').click();
    await settle();
    expect(section.textContent).toContain("Le motif de l'urgence est obligatoire.");
    fill(section, '#urgencyReason', 'Mise à l’abri urgente');
    byText<HTMLButtonElement>(section, 'button', 'Envoyer la convocation').click();
    const req = http.expectOne(`${URL}/convocation`);
    expect(req.request.body).toEqual({ urgent: true, urgencyReason: 'Mise à l’abri urgente' });
    req.flush(
      sitting({
        state: 'CONVENED',
        agendaLocked: true,
        convokedAt: '2026-03-08T09:00:00Z',
        urgent: true,
        urgencyReason: 'Mise à l’abri urgente',
        members: [
          convenedMember({
            convocationMessageId: 'x',
            convocationStatus: 'FAILED',
            convocationError: 'Boîte pleine',
          }),
        ],
      }),
    );
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();
    answerSideRequests();
    await settle();
    expect(el.textContent).toContain('La convocation a été envoyée à 1 membre.');
    expect(el.textContent).toContain("L'ordre du jour est verrouillé depuis l'envoi de la convocation");
    const row = q(el, '#table-envois tbody tr');
    expect(row.textContent).toContain('Échec de l’envoi');
    expect(row.textContent).toContain('Boîte pleine');
    byText<HTMLButtonElement>(row, 'button', 'Renvoyer').click();
    expect(http.expectOne(`${URL}/convocation/resend`).request.body).toEqual({ memberId: 'm1' });
  });

  it('reopens a locked agenda, which calls for a new convocation', async () => {
    const el = await open(
      'SECRETARIAT',
      sitting({ state: 'CONVENED', agendaLocked: true, convokedAt: '2026-03-01T09:00:00Z' }),
    );
    byText<HTMLButtonElement>(el, 'button', "Rouvrir l'ordre du jour").click();
    http.expectOne(`${URL}/agenda/reopen`).flush(
      sitting({
        state: 'CONVENED',
        agendaChangedSinceConvocation: true,
        convokedAt: '2026-03-01T09:00:00Z',
      }),
    );
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();
    answerSideRequests();
    await settle();
    expect(el.textContent).toContain('envoyez une nouvelle convocation aux membres');
    expect(el.textContent).toContain('Envoyer la nouvelle convocation');
  });

  it('confirms the presence register, with a suppléant for an absent titulaire (MEMB-1)', async () => {
    const el = await open('SECRETARIAT', sitting({ state: 'CONVENED', agendaLocked: true }));
    fill(el, '#presence-m1', 'PRESENT', 'change');
    fill(el, '#presence-m2', 'ABSENT', 'change');
    await settle();
    fill(el, '#suppleant-m2', 's1', 'change');
    await settle();
    byText<HTMLButtonElement>(el, 'button', 'Confirmer les présences (2)').click();
    const first = http.expectOne(`${URL}/register`);
    expect(first.request.body).toEqual({ memberId: 'm1', presence: 'PRESENT', substituteId: null });
    first.flush(sitting({ state: 'CONVENED', agendaLocked: true }));
    const second = http.expectOne(`${URL}/register`);
    expect(second.request.body).toEqual({ memberId: 'm2', presence: 'ABSENT', substituteId: 's1' });
    second.flush(sitting({ state: 'CONVENED', agendaLocked: true }));
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();
    expect(el.textContent).toContain('Registre enregistré : 2 présences confirmées.');
  });

  it('opens the sitting; without quorum it offers the second convocation (QUOR-2)', async () => {
    const el = await open('PRESIDENT', sitting({ state: 'CONVENED', agendaLocked: true }));
    byText<HTMLButtonElement>(el, 'button', 'Ouvrir la séance').click();
    http.expectOne(`${URL}/open`).flush(sitting({ state: 'OPEN', agendaLocked: true }));
    http.expectOne(`${URL}/deliberation`).flush(deliberation());
    await settle();
    answerSideRequests();
    await settle();
    expect(el.textContent).toContain('la commission ne peut pas délibérer');
    const form = byText(el, 'section', 'Seconde convocation (QUOR-2)');
    fill(form, '#secondStartsAt', '2026-03-20T14:00');
    byText<HTMLButtonElement>(form, 'button', 'Envoyer une seconde convocation').click();
    const req = http.expectOne(`${URL}/second-convocation`);
    expect(req.request.body).toEqual({ startsAtLocal: '2026-03-20T14:00' });
    req.flush(sitting({ id: 'second', secondConvocationOfId: SITTING_ID }));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/seances/second');
    http
      .match(() => true)
      .forEach((r) =>
        r.flush(r.request.url.endsWith('deliberation') ? deliberation() : sitting({ id: 'second' })),
      );
    await settle();
    answerSideRequests();
  });

  it('says why the sitting cannot be opened', async () => {
    const el = await open('PRESIDENT', sitting({ state: 'CONVENED', agendaLocked: true }));
    byText<HTMLButtonElement>(el, 'button', 'Ouvrir la séance').click();
    flushError(http.expectOne(`${URL}/open`), 409, {
      statusCode: 409,
      message: 'La séance ne peut pas être ouverte avant le jour prévu.',
    });
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('avant le jour prévu');
  });
});

describe('moveItem', () => {
  it('moves one item and keeps the others in order', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });
});
