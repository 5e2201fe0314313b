import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type {
  MinutesDto,
  Role,
  SignedDocumentDto,
  SittingDto,
  SittingListItemDto,
  SittingState,
} from '@cdlp/shared';
import { page } from '../../testing/fixtures';
import { byText, flushError, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { MinutesListPage } from './minutes-list.page';
import { MinutesPage } from './minutes.page';

const SITTING_ID = '88888888-8888-4888-8888-888888888888';
const ITEM_ID = '99999999-9999-4999-8999-999999999999';
const BASE = `/api/sittings/${SITTING_ID}/minutes`;

function sitting(state: SittingState = 'CLOSED'): SittingDto {
  return {
    id: SITTING_ID,
    number: '2026-04',
    kind: 'POLICY',
    mode: 'IN_PERSON',
    state,
    title: 'Coordination',
  } as SittingDto;
}

function minutes(overrides: Partial<MinutesDto> = {}): MinutesDto {
  return {
    sittingId: SITTING_ID,
    sittingNumber: '2026-04',
    state: 'DRAFT',
    version: 1,
    heading: {
      authority: 'Préfecture de la Vienne',
      commission: 'Commission départementale',
      dateLabel: 'mardi 10 mars 2026 à 14 h 00',
      place: 'Préfecture',
      modeLabel: 'En présentiel',
      kindLabel: 'Stratégie et coordination',
    },
    chair: 'Mme Claire Morvan, Préfète',
    present: [{ name: 'Mme Claire Morvan', quality: 'Préfète, Préfecture de la Vienne', detail: null }],
    remote: [],
    represented: [
      {
        name: 'Mme Sophie Lemaire',
        quality: 'Déléguée',
        detail: 'représenté(e) par M. Marc Delorme (mandat)',
      },
    ],
    excused: [],
    substitutes: [],
    quorumText: '9 membres présents ou représentés sur 17 : quorum atteint (9 requis) (QUOR-1).',
    secondConvocationText: null,
    convocationText: 'Convocation adressée le 9 mars 2026, 1 jour(s) avant la séance (CONV-2).',
    urgencyReason: null,
    introduction: null,
    items: [
      {
        itemId: ITEM_ID,
        position: 1,
        kind: 'POLICY',
        title: 'Bilan des actions',
        reference: null,
        associationName: null,
        associationOpinion: null,
        recusals: [],
        resultText: 'Avis favorable : 5 voix pour, 1 contre',
        opinion: 'FAVOURABLE',
        dissents: ['M. Marc Delorme : réserve sur le calendrier'],
        summary: null,
        discussionNotes: null,
      },
    ],
    validity: [
      {
        rule: 'CONV-2',
        ok: false,
        text: 'CONV-2 : convocation envoyée 1 jour(s) avant la séance, sans motif d’urgence.',
        justification: null,
      },
      { rule: 'QUOR-1', ok: true, text: 'QUOR-1 : quorum atteint.', justification: null },
    ],
    canSign: false,
    signedDocumentId: null,
    updatedAt: '2026-03-10T15:00:00Z',
    ...overrides,
  };
}

function signedDocument(): SignedDocumentDto {
  return {
    id: 'doc-1',
    kind: 'MINUTES',
    subjectId: SITTING_ID,
    version: 1,
    title: 'Procès-verbal de la séance n° 2026-04',
    sha256: 'a'.repeat(64),
    signerName: 'Claire Morvan',
    signerQuality: 'Préfète',
    signedAt: '2026-03-11T09:00:00Z',
    supersededBy: null,
    size: 58_000,
  };
}

describe('MinutesPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'seances/:id/proces-verbal', component: MinutesPage },
      { path: 'proces-verbaux', component: MinutesListPage },
    ]);
  });

  afterEach(() => http.verify());

  async function open(
    role: Role,
    state: SittingState,
    dto: MinutesDto | null,
    docs: SignedDocumentDto[] = [],
  ): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/seances/${SITTING_ID}/proces-verbal`);
    http.expectOne(`/api/sittings/${SITTING_ID}`).flush(sitting(state));
    const get = http.expectOne({ method: 'GET', url: BASE });
    if (dto) get.flush(dto);
    else
      flushError(get, 409, {
        statusCode: 409,
        message: "Le procès-verbal n'a pas encore été rédigé pour cette séance.",
      });
    http.expectOne(`${BASE}/documents`).flush(docs);
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  it('lets the secretariat draft the minutes of a closed sitting', async () => {
    const el = await open('SECRETARIAT', 'CLOSED', null);
    expect(el.querySelector('h1')?.textContent).toBe('Procès-verbal de la séance n° 2026-04');
    expect(el.textContent).toContain("Le procès-verbal n'a pas encore été rédigé.");
    byText<HTMLButtonElement>(el, 'button', 'Rédiger le procès-verbal').click();
    http.expectOne({ method: 'POST', url: BASE }).flush(minutes());
    http.expectOne(`/api/sittings/${SITTING_ID}`).flush(sitting('MINUTES_DRAFTED'));
    await settle();
    expect(q(el, '#etat-pv').textContent).toContain('Projet - version 1');
    expect(el.textContent).toContain('Mme Claire Morvan, Préfète, Préfecture de la Vienne');
    expect(el.textContent).toContain(
      'Mme Sophie Lemaire, Déléguée, représenté(e) par M. Marc Delorme (mandat)',
    );
    expect(el.textContent).toContain('quorum atteint');
    expect(el.textContent).toContain('M. Marc Delorme : réserve sur le calendrier');
    expect(byText(el, 'tr', 'CONV-2').textContent).toContain('Non respectée');
    expect(byText(el, 'tr', 'QUOR-1').textContent).toContain('Respectée');
    expect(el.querySelector(`a[href="${BASE}/draft.pdf"]`)).not.toBeNull();
  });

  it('says the minutes are drafted once the sitting is closed', async () => {
    const el = await open('SECRETARIAT', 'OPEN', null);
    expect(el.textContent).toContain('Le procès-verbal se rédige une fois la séance close.');
    expect(el.textContent).not.toContain('Rédiger le procès-verbal');
  });

  it('saves the introduction, the justification of a failed rule and the notes of a policy item', async () => {
    const el = await open('SECRETARIAT', 'MINUTES_DRAFTED', minutes());
    const intro = q<HTMLTextAreaElement>(el, '#introduction');
    intro.value = ' La préfète ouvre la séance. ';
    intro.dispatchEvent(new Event('input'));
    const justification = q<HTMLTextAreaElement>(el, '#justification-CONV-2');
    justification.value = 'Réunion convoquée en urgence à la demande du préfet.';
    justification.dispatchEvent(new Event('input'));
    expect(el.querySelector('#justification-QUOR-1')).toBeNull();
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer le projet').click();
    const put = http.expectOne({ method: 'PUT', url: BASE });
    expect(put.request.body).toEqual({
      introduction: 'La préfète ouvre la séance.',
      justifications: { 'CONV-2': 'Réunion convoquée en urgence à la demande du préfet.' },
    });
    const justified = minutes({
      introduction: 'La préfète ouvre la séance.',
      canSign: true,
      validity: [
        { ...minutes().validity[0], justification: 'Réunion convoquée en urgence à la demande du préfet.' },
        minutes().validity[1],
      ],
    });
    put.flush(justified);
    http.expectOne(`/api/sittings/${SITTING_ID}`).flush(sitting('MINUTES_DRAFTED'));
    await settle();
    expect(el.textContent).toContain('Le projet de procès-verbal est enregistré.');

    const summary = q<HTMLTextAreaElement>(el, `#synthese-${ITEM_ID}`);
    summary.value = 'Bilan présenté par le secrétariat.';
    summary.dispatchEvent(new Event('input'));
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer les notes').click();
    const notes = http.expectOne({
      method: 'PUT',
      url: `/api/sittings/${SITTING_ID}/items/${ITEM_ID}/notes`,
    });
    expect(notes.request.body).toEqual({
      summary: 'Bilan présenté par le secrétariat.',
      discussionNotes: null,
    });
    notes.flush({});
    http.expectOne({ method: 'GET', url: BASE }).flush({
      ...justified,
      items: [{ ...justified.items[0], summary: 'Bilan présenté par le secrétariat.' }],
    });
    await settle();
    expect(el.textContent).toContain('Les notes du point 1 sont enregistrées.');
    expect(q<HTMLTextAreaElement>(el, `#synthese-${ITEM_ID}`).value).toBe(
      'Bilan présenté par le secrétariat.',
    );
    expect(el.textContent).not.toContain('Signer le procès-verbal');
  });

  it('explains to the president why signing is not possible yet', async () => {
    const el = await open('PRESIDENT', 'MINUTES_DRAFTED', minutes());
    const button = byText<HTMLButtonElement>(el, 'button', 'Signer le procès-verbal');
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-describedby')).toBe('signature-aide');
    expect(q(el, '#signature-aide').textContent).toContain(
      'CONV-2 non respectée(s) sans justification du secrétariat',
    );
    expect(el.querySelector('#introduction')).toBeNull();
  });

  it('lets the president sign, then lists the signed version with its fingerprint', async () => {
    const el = await open(
      'PRESIDENT',
      'MINUTES_DRAFTED',
      minutes({ canSign: true, validity: [minutes().validity[1]] }),
    );
    byText<HTMLButtonElement>(el, 'button', 'Signer le procès-verbal').click();
    http
      .expectOne({ method: 'POST', url: `${BASE}/sign` })
      .flush(minutes({ state: 'SIGNED', signedDocumentId: 'doc-1', validity: [] }));
    http.expectOne(`${BASE}/documents`).flush([signedDocument()]);
    http.expectOne(`/api/sittings/${SITTING_ID}`).flush(sitting('MINUTES_SIGNED'));
    await settle();
    expect(q(el, '#etat-pv').textContent).toContain('Signé - version 1');
    expect(el.textContent).toContain('Le procès-verbal est signé (version 1) et envoyé aux membres.');
    const row = byText(el, 'tr', 'Version 1');
    expect(row.textContent).toContain('Claire Morvan');
    expect(row.textContent).toContain('a'.repeat(64));
    expect(row.querySelector('a')?.getAttribute('href')).toBe('/api/documents/doc-1/content');
    expect(el.textContent).not.toContain('Créer une nouvelle version');
  });

  it('PV-1: shows a progress indicator while the minutes are drafted from the records, then the draft', async () => {
    const el = await open('SECRETARIAT', 'CLOSED', null);
    byText<HTMLButtonElement>(el, 'button', 'Rédiger le procès-verbal').click();
    await settle();
    const progress = q(el, 'cdlp-progress');
    expect(progress.textContent).toContain('Rédaction du procès-verbal à partir des registres de la séance');
    // Indeterminate: the server cannot tell how far it is.
    expect(q(progress, 'progress').hasAttribute('value')).toBe(false);
    expect(q(progress, 'progress').getAttribute('aria-labelledby')).toBe(q(progress, 'p').id);
    expect(q(progress, '[aria-live=polite]').textContent).toContain('Opération en cours');
    expect(byText<HTMLButtonElement>(el, 'button', 'Rédiger le procès-verbal').disabled).toBe(true);
    http.expectOne({ method: 'POST', url: BASE }).flush(minutes());
    http.expectOne(`/api/sittings/${SITTING_ID}`).flush(sitting('MINUTES_DRAFTED'));
    await settle();
    expect(el.querySelector('cdlp-progress')).toBeNull();
    expect(q(el, '#etat-pv').textContent).toContain('Projet - version 1');
  });

  it('SIG-1: shows a progress indicator while the minutes are signed; an error removes it', async () => {
    const el = await open(
      'PRESIDENT',
      'MINUTES_DRAFTED',
      minutes({ canSign: true, validity: [minutes().validity[1]] }),
    );
    byText<HTMLButtonElement>(el, 'button', 'Signer le procès-verbal').click();
    await settle();
    expect(q(el, 'cdlp-progress').textContent).toContain('Signature électronique du procès-verbal (SIG-1)');
    flushError(http.expectOne({ method: 'POST', url: `${BASE}/sign` }), 409, {
      statusCode: 409,
      message: 'Le certificat de signature est indisponible.',
    });
    await settle();
    expect(el.querySelector('cdlp-progress')).toBeNull();
    expect(el.querySelector('[role=alert]')?.textContent).toContain(
      'Le certificat de signature est indisponible.',
    );
  });

  it('lets the secretariat open a new version of signed minutes', async () => {
    const el = await open('SECRETARIAT', 'MINUTES_SIGNED', minutes({ state: 'SIGNED', validity: [] }), [
      signedDocument(),
    ]);
    byText<HTMLButtonElement>(el, 'button', 'Créer une nouvelle version').click();
    http
      .expectOne({ method: 'POST', url: `${BASE}/new-version` })
      .flush(minutes({ version: 2, validity: [] }));
    http.expectOne(`/api/sittings/${SITTING_ID}`).flush(sitting('MINUTES_DRAFTED'));
    await settle();
    expect(q(el, '#etat-pv').textContent).toContain('Projet - version 2');
    expect(byText(el, 'tr', 'Version 1')).toBeTruthy();
  });

  it('shows a member the signed minutes but not a draft', async () => {
    let el = await open('MEMBER', 'MINUTES_DRAFTED', minutes());
    expect(el.textContent).toContain('Le procès-verbal est en cours de rédaction.');
    expect(el.textContent).not.toContain('Bilan des actions');

    TestBed.resetTestingModule();
    http = setUpPageTest([{ path: 'seances/:id/proces-verbal', component: MinutesPage }]);
    el = await open('MEMBER', 'MINUTES_SIGNED', minutes({ state: 'SIGNED', validity: [] }), [
      signedDocument(),
    ]);
    expect(el.textContent).toContain('Bilan des actions');
    expect(byText(el, 'a', 'Télécharger').getAttribute('href')).toBe('/api/documents/doc-1/content');
    expect(el.textContent).not.toContain('Signer le procès-verbal');
  });

  it('lists the minutes to draft, to sign and signed', async () => {
    await signIn('SECRETARIAT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/proces-verbaux');
    const item = (state: SittingState, n: string): SittingListItemDto => ({
      id: `id-${n}`,
      number: n,
      kind: 'POLICY',
      mode: 'IN_PERSON',
      state,
      startsAt: '2026-03-10T13:00:00Z',
      place: null,
      title: null,
      itemCount: 1,
      secondConvocationOfId: null,
    });
    for (const [state, n] of [
      ['CLOSED', '2026-01'],
      ['MINUTES_DRAFTED', '2026-02'],
      ['MINUTES_SIGNED', '2026-03'],
    ] as const) {
      http
        .expectOne((r) => r.url === '/api/sittings' && r.params.get('state') === state)
        .flush(page([item(state, n)]));
    }
    await settle();
    const el = harness.routeNativeElement as HTMLElement;
    expect(el.textContent).toContain('À rédiger (1)');
    expect(el.textContent).toContain('À signer (1)');
    expect(byText(el, 'a', 'Séance n° 2026-03').getAttribute('href')).toBe(
      '/seances/id-2026-03/proces-verbal',
    );
  });
});
