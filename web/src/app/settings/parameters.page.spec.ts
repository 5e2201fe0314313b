import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { addDays, parisDate, PARAMETER_SPECS, type ParameterDto } from '@cdlp/shared';
import { byText, flushError, q, settle, setUpPageTest, signIn } from '../../testing/test-helpers';
import { formatParameterValue, ParametersPage, parseParameterValue } from './parameters.page';

const today = parisDate(new Date());

function parameter(key: string, currentValue: number, overrides: Partial<ParameterDto> = {}): ParameterDto {
  const spec = PARAMETER_SPECS.find((s) => s.key === key);
  if (!spec) throw new Error(`unknown parameter ${key}`);
  return {
    ...spec,
    description: 'AFIS-1 : montant mensuel pour une personne seule (décret 2022-1340)',
    currentValue,
    history: [{ validFrom: '2022-07-01', value: currentValue, current: true }],
    ...overrides,
  };
}

describe('ParametersPage (AFIS-1, QUOR-3, VOTE-1)', () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    http = setUpPageTest([{ path: 'administration/parametres', component: ParametersPage }]);
    await signIn('SECRETARIAT');
  });

  afterEach(() => http.verify());

  async function open(list: ParameterDto[]): Promise<HTMLElement> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/administration/parametres');
    http.expectOne({ method: 'GET', url: '/api/parameters' }).flush(list);
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  const set = (el: HTMLElement, sel: string, value: string) => {
    const input = q<HTMLInputElement>(el, sel);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('formats and parses values the French way', () => {
    expect(formatParameterValue({ kind: 'AMOUNT', unit: '€' }, 343.2)).toBe('343,20 €');
    expect(formatParameterValue({ kind: 'INTEGER', unit: 'jours' }, 5)).toBe('5 jours');
    expect(formatParameterValue({ kind: 'BOOLEAN', unit: '' }, 1)).toBe('Oui');
    expect(parseParameterValue('343,20')).toBe(343.2);
    expect(parseParameterValue('cinq')).toBeNaN();
  });

  it('AFIS-1: lists the values in force with what is scheduled, and shows the history of a key', async () => {
    const later = addDays(today, 10);
    const el = await open([
      parameter('afis.monthly_base', 343.2, {
        history: [
          { validFrom: later, value: 350, current: false },
          { validFrom: '2022-07-01', value: 343.2, current: true },
        ],
      }),
      parameter('quorum.exclude_excluded_from_base', 0),
    ]);
    const rows = [...el.querySelectorAll('#table-parametres tbody tr')];
    expect(rows[0].textContent).toContain('343,20 €');
    expect(rows[0].textContent).toContain('350,00 € à partir du');
    expect(rows[1].textContent).toContain('QUOR-3');
    expect(rows[1].textContent).toContain('Non');
    const button = byText<HTMLButtonElement>(el, 'tbody button', 'Nouvelle valeur');
    expect(button.getAttribute('aria-label')).toBe(
      'Nouvelle valeur : AFIS : montant mensuel pour une personne seule',
    );
    button.click();
    await settle();
    const history = q(el, '#table-historique').textContent ?? '';
    expect(history).toContain('Programmée');
    expect(history).toContain('En vigueur');
    expect(q<HTMLInputElement>(el, '#value').value).toBe('343,2');
    expect(q<HTMLInputElement>(el, '#validFrom').value).toBe(today);
  });

  it('checks type, range and date before sending, then posts the new dated value', async () => {
    const el = await open([parameter('convocation.min_days', 5)]);
    byText<HTMLButtonElement>(el, 'tbody button', 'Nouvelle valeur').click();
    await settle();
    set(el, '#value', '2,5');
    set(el, '#validFrom', addDays(today, -1));
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    await settle();
    expect(el.textContent).toContain('La valeur doit être un nombre entier.');
    expect(el.textContent).toContain('La date d’effet ne peut pas être passée');
    http.expectNone('/api/parameters/convocation.min_days/values');

    set(el, '#value', '7');
    set(el, '#validFrom', addDays(today, 3));
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    const req = http.expectOne({ method: 'POST', url: '/api/parameters/convocation.min_days/values' });
    expect(req.request.body).toEqual({ value: 7, validFrom: addDays(today, 3) });
    req.flush(
      parameter('convocation.min_days', 5, {
        history: [
          { validFrom: addDays(today, 3), value: 7, current: false },
          { validFrom: '2016-04-13', value: 5, current: true },
        ],
      }),
    );
    await settle();
    expect(el.textContent).toContain('7 jours à partir du');
    expect(el.querySelector('#table-historique')).toBeNull();
  });

  it('shows the API refusal of a value already in force on the form', async () => {
    const el = await open([parameter('convocation.min_days', 5)]);
    byText<HTMLButtonElement>(el, 'tbody button', 'Nouvelle valeur').click();
    await settle();
    set(el, '#value', '6');
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    flushError(http.expectOne({ method: 'POST', url: '/api/parameters/convocation.min_days/values' }), 409, {
      statusCode: 409,
      message: `Une valeur est déjà en vigueur depuis le ${today} : elle ne peut plus être modifiée.`,
    });
    await settle();
    expect(q(el, '[role=alert]').textContent).toContain('déjà en vigueur');
  });
});
