import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  parisDate,
  type DecisionDto,
  type PspRequestDto,
  type PspRequestListItemDto,
  type Role,
  type SignedDocumentDto,
} from '@cdlp/shared';
import { page } from '../../testing/fixtures';
import { byText, flushError, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { DecisionListPage } from './decision-list.page';
import { DecisionPage, decisionFromOpinion, departsFromOpinion } from './decision.page';

const REQUEST_ID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const BASE = `/api/psp-requests/${REQUEST_ID}/decision`;

function request(overrides: Partial<PspRequestDto> = {}): PspRequestDto {
  return {
    id: REQUEST_ID,
    reference: 'PSP-86-2026-0007',
    kind: 'INITIAL',
    state: 'OPINION_GIVEN',
    associationId: 'asso',
    associationName: 'Association Passerelles Vienne',
    opinion: 'FAVOURABLE',
    opinionAt: '2026-03-10T13:00:00Z',
    decision: null,
    pathwayId: null,
    ...overrides,
  } as PspRequestDto;
}

function decision(overrides: Partial<DecisionDto> = {}): DecisionDto {
  return {
    id: 'd1',
    requestId: REQUEST_ID,
    reference: 'PSP-86-2026-0007',
    requestKind: 'INITIAL',
    opinion: 'FAVOURABLE',
    kind: 'AUTHORISED',
    departsFromOpinion: false,
    reasons: "Au vu de l'avis favorable de la commission.",
    pathwayStartDate: '2026-03-15',
    pathwayEndDate: '2026-09-14',
    state: 'DRAFT',
    signedDocumentId: null,
    preparedAt: '2026-03-12T10:00:00Z',
    signedAt: null,
    ...overrides,
  };
}

const LETTER: SignedDocumentDto = {
  id: 'doc-9',
  kind: 'DECISION',
  subjectId: REQUEST_ID,
  version: 1,
  title: 'Décision du préfet — PSP-86-2026-0007',
  sha256: 'b'.repeat(64),
  signerName: 'Claire Morvan',
  signerQuality: 'Préfète',
  signedAt: '2026-03-13T10:00:00Z',
  supersededBy: null,
  size: 40_000,
};

describe('decisions', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'demandes/:id/decision', component: DecisionPage },
      { path: 'decisions', component: DecisionListPage },
    ]);
  });

  afterEach(() => http.verify());

  async function open(
    role: Role,
    r: PspRequestDto,
    d: DecisionDto | null,
    docs: SignedDocumentDto[] = [],
  ): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/demandes/${REQUEST_ID}/decision`);
    http.expectOne(`/api/psp-requests/${REQUEST_ID}`).flush(r);
    http.expectOne({ method: 'GET', url: BASE }).flush({ decision: d });
    http.expectOne(`${BASE}/documents`).flush(docs);
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  it('follows the opinion by default and says when a decision departs from it (PSP-5)', () => {
    expect(decisionFromOpinion('FAVOURABLE')).toBe('AUTHORISED');
    expect(decisionFromOpinion('UNFAVOURABLE')).toBe('REFUSED');
    expect(decisionFromOpinion(null)).toBe('');
    expect(departsFromOpinion('FAVOURABLE', 'REFUSED')).toBe(true);
    expect(departsFromOpinion('UNFAVOURABLE', 'REFUSED')).toBe(false);
    expect(departsFromOpinion(null, 'REFUSED')).toBe(false);
  });

  it('lets the secretariat prepare the decision, pre-filled from the opinion, with a warning when departing from it', async () => {
    const el = await open('SECRETARIAT', request(), null);
    expect(el.querySelector('h1')?.textContent).toBe('Décision du préfet - PSP-86-2026-0007');
    expect(byText(el, 'a', 'Retour à la demande').getAttribute('href')).toBe(`/demandes/${REQUEST_ID}`);
    expect(q<HTMLInputElement>(el, '#kind-0').checked).toBe(true);
    expect(q<HTMLInputElement>(el, '#pathwayStartDate').value).toBe(parisDate(new Date()));
    expect(el.textContent).not.toContain("s'écarte de l'avis");

    q<HTMLInputElement>(el, '#kind-1').click();
    await settle();
    expect(el.textContent).toContain("Cette décision s'écarte de l'avis de la commission (PSP-5)");
    expect(el.querySelector('#pathwayStartDate')).toBeNull();

    byText<HTMLButtonElement>(el, 'button', 'Enregistrer le projet de décision').click();
    await settle();
    expect(q(el, '#reasons-messages').textContent).toContain('obligatoire');
    http.expectNone({ method: 'PUT', url: BASE });

    q<HTMLInputElement>(el, '#kind-0').click();
    await settle();
    const reasons = q<HTMLTextAreaElement>(el, '#reasons');
    reasons.value = ' Projet d’insertion solide. ';
    reasons.dispatchEvent(new Event('input'));
    const start = q<HTMLInputElement>(el, '#pathwayStartDate');
    start.value = '2026-03-15';
    start.dispatchEvent(new Event('input'));
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer le projet de décision').click();
    const put = http.expectOne({ method: 'PUT', url: BASE });
    expect(put.request.body).toEqual({
      kind: 'AUTHORISED',
      reasons: 'Projet d’insertion solide.',
      pathwayStartDate: '2026-03-15',
    });
    put.flush(decision({ reasons: 'Projet d’insertion solide.' }));
    await settle();
    expect(el.textContent).toContain('Le projet de décision est enregistré. La présidence peut le signer.');
    expect(q(el, '#etat-decision').textContent).toContain('Projet à signer');
    expect(el.textContent).toContain('15 mars 2026');
    expect(el.querySelector(`a[href="${BASE}/draft.pdf"]`)).not.toBeNull();
    expect(el.textContent).not.toContain('Signer la décision');
  });

  it('shows the server error on the start date field', async () => {
    const el = await open('SECRETARIAT', request(), decision());
    expect(q<HTMLTextAreaElement>(el, '#reasons').value).toBe("Au vu de l'avis favorable de la commission.");
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer le projet de décision').click();
    flushError(http.expectOne({ method: 'PUT', url: BASE }), 400, {
      statusCode: 400,
      message: "Le parcours ne peut pas commencer avant l'avis de la commission.",
      errors: [
        {
          field: 'pathwayStartDate',
          message: "Le parcours ne peut pas commencer avant l'avis de la commission.",
        },
      ],
    });
    await settle();
    expect(q(el, '#pathwayStartDate-messages').textContent).toContain('ne peut pas commencer avant');
  });

  it('lets the president sign; the letter and the pathway follow', async () => {
    const el = await open('PRESIDENT', request(), decision({ kind: 'REFUSED', departsFromOpinion: true }));
    expect(el.textContent).toContain("La décision s'écarte de l'avis de la commission (PSP-5)");
    expect(el.querySelector('#reasons')).toBeNull();
    byText<HTMLButtonElement>(el, 'button', 'Signer la décision').click();
    http.expectOne({ method: 'POST', url: `${BASE}/sign` }).flush(
      decision({
        kind: 'AUTHORISED',
        state: 'SIGNED',
        signedDocumentId: 'doc-9',
        signedAt: '2026-03-13T10:00:00Z',
      }),
    );
    http
      .expectOne(`/api/psp-requests/${REQUEST_ID}`)
      .flush(request({ state: 'DECIDED', decision: 'AUTHORISED', pathwayId: 'pw-1' }));
    http.expectOne(`${BASE}/documents`).flush([LETTER]);
    await settle();
    expect(el.textContent).toContain(
      "La décision est signée : le parcours de sortie est ouvert et l'association est prévenue.",
    );
    expect(q(el, '#etat-decision').textContent).toContain('Signée');
    expect(byText(el, 'a', 'Voir le parcours').getAttribute('href')).toBe('/parcours/pw-1');
    expect(byText(el, 'a', 'Télécharger').getAttribute('href')).toBe('/api/documents/doc-9/content');
  });

  it('shows the association a draft as in preparation, and the signed letter once signed', async () => {
    let el = await open('ASSOCIATION', request(), decision());
    expect(el.textContent).toContain('La décision du préfet est en préparation.');
    expect(el.textContent).not.toContain("Au vu de l'avis favorable");
    expect(el.querySelector('#reasons')).toBeNull();

    TestBed.resetTestingModule();
    http = setUpPageTest([{ path: 'demandes/:id/decision', component: DecisionPage }]);
    el = await open(
      'ASSOCIATION',
      request({ state: 'DECIDED' }),
      decision({ state: 'SIGNED', signedDocumentId: 'doc-9' }),
      [LETTER],
    );
    expect(el.textContent).toContain('Lettre de décision signée');
    expect(byText(el, 'a', 'Télécharger').getAttribute('href')).toBe('/api/documents/doc-9/content');
  });

  it('lists the decisions to prepare and to sign', async () => {
    await signIn('PRESIDENT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/decisions');
    const item = (id: string, reference: string): PspRequestListItemDto =>
      ({ ...request({ id, reference }), id, reference }) as PspRequestListItemDto;
    http
      .expectOne((r) => r.url === '/api/psp-requests' && r.params.get('state') === 'OPINION_GIVEN')
      .flush(page([item('r1', 'PSP-86-2026-0001'), item('r2', 'PSP-86-2026-0002')]));
    http
      .expectOne((r) => r.url === '/api/psp-requests' && r.params.get('state') === 'DECIDED')
      .flush(page([{ ...item('r3', 'PSP-86-2026-0003'), decision: 'REFUSED' }]));
    http.expectOne('/api/psp-requests/r1/decision').flush({ decision: null });
    http.expectOne('/api/psp-requests/r2/decision').flush({ decision: decision() });
    await settle();
    const el = harness.routeNativeElement as HTMLElement;
    expect(byText(el, 'tr', 'PSP-86-2026-0001').textContent).toContain('À préparer');
    expect(byText(el, 'tr', 'PSP-86-2026-0002').textContent).toContain('À signer');
    expect(byText(el, 'a', 'Décision - PSP-86-2026-0002').getAttribute('href')).toBe('/demandes/r2/decision');
    expect(byText(el, 'li', 'PSP-86-2026-0003').textContent).toContain('Refus');
  });
});
