import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { addDays, parisDate, type ChecklistItemDto } from '@cdlp/shared';
import { byText, flushError, q, settle, setUpPageTest, signIn } from '../../testing/test-helpers';
import { ChecklistPage } from './checklist.page';
import { checklistPieces } from './checklist-versions';

const today = parisDate(new Date());

function item(overrides: Partial<ChecklistItemDto> = {}): ChecklistItemDto {
  return {
    id: 'i1',
    kind: 'INITIAL',
    code: 'DOMICILE',
    label: 'Justificatif de domicile',
    required: true,
    oneOf: [],
    maxAgeMonths: 6,
    expiredNeedsSecondDocument: false,
    neverRequiredReason: null,
    alternative: null,
    sortOrder: 1,
    validFrom: '2016-04-13',
    validTo: null,
    ...overrides,
  };
}

describe('ChecklistPage (PSP-3)', () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    http = setUpPageTest([{ path: 'administration/pieces-justificatives', component: ChecklistPage }]);
    await signIn('ADMIN');
  });

  afterEach(() => http.verify());

  const listUrl = (kind: string) => (r: { url: string; params: { get(k: string): string | null } }) =>
    r.url === '/api/psp-checklist' && r.params.get('kind') === kind && r.params.get('history') === 'true';

  async function open(items: ChecklistItemDto[]): Promise<HTMLElement> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/administration/pieces-justificatives');
    http.expectOne(listUrl('INITIAL')).flush(items);
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  const set = (el: HTMLElement, sel: string, value: string) => {
    const input = q<HTMLInputElement>(el, sel);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('PSP-3: groups the versions of a piece: in force, scheduled, closed', () => {
    const later = addDays(today, 10);
    const pieces = checklistPieces(
      [
        item({ id: 'old', validFrom: '2016-04-13', validTo: addDays(later, -1) }),
        item({ id: 'new', label: 'Justificatif de domicile récent', validFrom: later }),
        item({ id: 'gone', code: 'ANCIENNE', sortOrder: 0, validTo: '2020-01-01' }),
      ],
      today,
    );
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toMatchObject({
      code: 'DOMICILE',
      shown: { id: 'old' },
      open: { id: 'new' },
      scheduled: { id: 'new' },
    });
    expect(pieces[0].versions.map((v) => v.id)).toEqual(['new', 'old']);
  });

  it('PSP-3: shows the history of a piece and puts a new version of it from a later day', async () => {
    const el = await open([
      item(),
      item({
        id: 'p',
        code: 'PLAINTE',
        label: 'Dépôt de plainte',
        required: false,
        sortOrder: 2,
        maxAgeMonths: null,
        neverRequiredReason: "Conseil d'État, 19 novembre 2021, n° 440802",
      }),
    ]);
    expect(q(el, '#table-pieces tbody').textContent).toContain('De moins de 6 mois');
    byText<HTMLButtonElement>(el, 'tbody button', 'Historique').click();
    await settle();
    expect(q(el, '#table-versions').textContent).toContain('13 avril 2016');

    const plainte = q<HTMLButtonElement>(el, 'button[aria-label="Modifier la pièce « Dépôt de plainte »"]');
    plainte.click();
    await settle();
    // PSP-3b: a police complaint can never be made compulsory.
    expect(q<HTMLInputElement>(el, '#required').disabled).toBe(true);
    expect(el.textContent).toContain('Ne peut jamais être exigée');

    byText<HTMLButtonElement>(el, 'tbody button', 'Modifier').click();
    await settle();
    set(el, '#label', 'Justificatif de domicile de moins de 3 mois');
    set(el, '#maxAgeMonths', '3');
    set(el, '#validFrom', addDays(today, 1));
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    const req = http.expectOne({ method: 'PUT', url: '/api/psp-checklist/i1' });
    expect(req.request.body).toEqual({
      label: 'Justificatif de domicile de moins de 3 mois',
      required: true,
      maxAgeMonths: 3,
      validFrom: addDays(today, 1),
    });
    req.flush(
      item({ id: 'i2', label: 'Justificatif de domicile de moins de 3 mois', validFrom: addDays(today, 1) }),
    );
    http.expectOne(listUrl('INITIAL')).flush([item()]);
    await settle();
    expect(el.textContent).toContain('s’applique à partir du');
  }, 20_000);

  it('PSP-3: adds a piece to the renewal list, and shows the API refusal on its field', async () => {
    const el = await open([item()]);
    const renewal = q<HTMLInputElement>(el, '#kind-1');
    renewal.click();
    http.expectOne(listUrl('RENEWAL')).flush([item({ kind: 'RENEWAL', code: 'BILAN', label: 'Bilan' })]);
    await settle();
    byText<HTMLButtonElement>(el, 'button', 'Ajouter une pièce').click();
    await settle();
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    await settle();
    expect(el.textContent).toContain('Le champ « Libellé » est obligatoire.');
    http.expectNone({ method: 'POST', url: '/api/psp-checklist' });

    set(el, '#label', 'Attestation de suivi');
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    const req = http.expectOne({ method: 'POST', url: '/api/psp-checklist' });
    expect(req.request.body).toEqual({
      kind: 'RENEWAL',
      label: 'Attestation de suivi',
      required: false,
      maxAgeMonths: null,
      validFrom: today,
    });
    const message = "La date d'effet ne peut pas être passée (au plus tôt le 2030-01-01).";
    flushError(req, 400, { statusCode: 400, message, errors: [{ field: 'validFrom', message }] });
    await settle();
    expect(q(el, '#validFrom-messages').textContent).toContain('ne peut pas être passée');
  });
});
