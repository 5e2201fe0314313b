import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CalendarDto, Role } from '@cdlp/shared';
import { page, sitting, sittingListItem, SITTING_ID } from '../../testing/fixtures';
import { byText, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { calendarMonths, SittingListPage } from './sitting-list.page';
import { sittingFormGroup, SittingFormPage, toSittingDto } from './sitting-form.page';
import { SittingsApi } from './sittings.api';

function fill(el: ParentNode, selector: string, value: string, event = 'input'): void {
  const input = q<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event(event));
}

const calendar = (overrides: Partial<CalendarDto> = {}): CalendarDto => ({
  year: 2026,
  sittings: [
    sittingListItem({ id: 'a', kind: 'POLICY', title: 'Stratégie', startsAt: '2026-03-10T13:00:00Z' }),
    sittingListItem({ id: 'b', startsAt: '2026-12-31T23:30:00Z' }),
  ],
  policySittings: 1,
  meet1Warning:
    "Une seule séance consacrée à la stratégie n'est prévue en 2026 : la commission doit en tenir au moins deux par an (MEET-1).",
  ...overrides,
});

describe('sittings pages', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'seances', component: SittingListPage },
      { path: 'seances/nouvelle', component: SittingFormPage },
      { path: 'seances/:id', component: SittingListPage },
    ]);
  });

  afterEach(() => http.verify());

  async function go(role: Role, url: string): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness.routeNativeElement as HTMLElement;
  }

  it('lists the sittings of the year and proposes a written deliberation to the secretariat (PSP-4)', async () => {
    const el = await go('SECRETARIAT', '/seances?annee=2026');
    const list = http.expectOne((r) => r.url === '/api/sittings');
    expect(list.request.params.get('year')).toBe('2026');
    expect(list.request.params.has('upcoming')).toBe(false);
    list.flush(page([sittingListItem({ state: 'CONVENED' })]));
    http.expectOne('/api/sittings/proposals').flush([
      {
        requestId: 'r1',
        reference: 'PSP-33-2026-0004',
        completedAt: '2026-01-10T10:00:00Z',
        daysWaiting: 40,
        nextExaminationSitting: null,
        message: '',
      },
      {
        requestId: 'r2',
        reference: 'PSP-33-2026-0005',
        completedAt: '2026-02-10T10:00:00Z',
        daysWaiting: 3,
        nextExaminationSitting: null,
        message: '',
      },
    ]);
    await settle();
    expect(el.querySelector('tbody tr')?.textContent).toContain('Convoquée');
    expect(el.textContent).toContain("Aucune séance d'examen n'est prévue.");
    byText<HTMLButtonElement>(el, 'button', 'Proposer une délibération écrite').click();
    const req = http.expectOne({ method: 'POST', url: '/api/sittings/written-deliberation' });
    expect(req.request.body).toEqual({ requestIds: ['r1', 'r2'] });
    req.flush(sitting({ mode: 'WRITTEN', number: '2026-05' }));
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/seances/${SITTING_ID}`);
    http.match(() => true).forEach((r) => r.flush(r.request.url.endsWith('proposals') ? [] : page([])));
  });

  it('draws the yearly calendar month by month, in Paris time, with the MEET-1 warning', async () => {
    const el = await go('MEMBER', '/seances?vue=calendrier&annee=2026');
    http
      .expectOne((r) => r.url === '/api/sittings/calendar' && r.params.get('year') === '2026')
      .flush(calendar());
    await settle();
    expect(el.querySelector('[role=status]')?.textContent).toContain('MEET-1');
    const months = el.querySelectorAll('.cdlp-calendar__month');
    expect(months).toHaveLength(12);
    expect(months[2].textContent).toContain('mars 2026');
    expect(months[2].textContent).toContain('Stratégie');
    // 31 December 23:30 UTC is 1 January in Paris: not in this year's December.
    expect(months[11].textContent).toContain('Aucune séance');
    expect(el.querySelector('a[aria-current=page]')?.textContent?.trim()).toBe('Calendrier annuel');
    expect(el.textContent).not.toContain('Programmer une séance');
  });

  it('counts the months of a calendar in Paris time', () => {
    const months = calendarMonths(calendar());
    expect(months[2].sittings.map((s) => s.id)).toEqual(['a']);
    expect(months.every((m) => !m.sittings.some((s) => s.id === 'b'))).toBe(true);
  });

  it('plans a sitting with its date and time in Paris', async () => {
    const el = await go('SECRETARIAT', '/seances/nouvelle');
    q<HTMLInputElement>(el, '#kind-0').click();
    q<HTMLInputElement>(el, '#mode-2').click();
    await settle();
    expect(el.textContent).toContain(
      "L'ordre du jour d'une séance d'examen reprend automatiquement les demandes complètes",
    );
    byText<HTMLButtonElement>(el, 'button', 'Programmer la séance').click();
    await settle();
    expect(el.querySelector('#startsAtLocal-messages')?.textContent).toContain('obligatoire');
    fill(el, '#startsAtLocal', '2026-03-29T14:30');
    fill(el, '#place', 'Préfecture');
    fill(el, '#videoLink', 'https://webconf.example/cdlp');
    byText<HTMLButtonElement>(el, 'button', 'Programmer la séance').click();
    const req = http.expectOne({ method: 'POST', url: '/api/sittings' });
    expect(req.request.body).toEqual({
      kind: 'EXAMINATION',
      mode: 'HYBRID',
      startsAtLocal: '2026-03-29T14:30',
      place: 'Préfecture',
      videoLink: 'https://webconf.example/cdlp',
      title: null,
      opensAtLocal: null,
      earliestCloseAtLocal: null,
    });
    req.flush(sitting());
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/seances/${SITTING_ID}`);
    http.match(() => true).forEach((r) => r.flush(page([])));
  });

  it('shows the errors of the API on the fields', async () => {
    const el = await go('SECRETARIAT', '/seances/nouvelle');
    q<HTMLInputElement>(el, '#kind-1').click();
    q<HTMLInputElement>(el, '#mode-0').click();
    fill(el, '#startsAtLocal', '2020-01-01T10:00');
    fill(el, '#place', 'Préfecture');
    byText<HTMLButtonElement>(el, 'button', 'Programmer la séance').click();
    http.expectOne({ method: 'POST', url: '/api/sittings' }).flush(
      {
        statusCode: 400,
        message: 'Le formulaire contient des erreurs.',
        errors: [{ field: 'startsAtLocal', message: 'La séance ne peut pas être programmée dans le passé.' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(el.querySelector('#startsAtLocal-messages')?.textContent).toContain('dans le passé');
  });
});

describe('sitting form values', () => {
  it('sends a written deliberation with its window; it starts when it opens (REM-3)', () => {
    const form = sittingFormGroup();
    form.setValue({
      kind: 'EXAMINATION',
      mode: 'WRITTEN',
      startsAtLocal: '',
      place: '',
      videoLink: '',
      title: ' Délibération écrite ',
      opensAtLocal: '2026-03-10T09:00',
      earliestCloseAtLocal: '2026-03-17T17:00',
    });
    expect(toSittingDto(form)).toEqual({
      kind: 'EXAMINATION',
      mode: 'WRITTEN',
      startsAtLocal: '2026-03-10T09:00',
      place: null,
      videoLink: null,
      title: 'Délibération écrite',
      opensAtLocal: '2026-03-10T09:00',
      earliestCloseAtLocal: '2026-03-17T17:00',
    });
  });
});

describe('SittingsApi', () => {
  it('asks for the upcoming sittings only when wanted (a "false" would read as true)', () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const api = TestBed.inject(SittingsApi);
    const http = TestBed.inject(HttpTestingController);
    api.list({ upcoming: false, page: 1 }).subscribe();
    expect(http.expectOne((r) => r.url === '/api/sittings').request.params.has('upcoming')).toBe(false);
    api.list({ upcoming: true }).subscribe();
    expect(http.expectOne((r) => r.url === '/api/sittings').request.params.get('upcoming')).toBe('true');
    api.secondConvocation('s1', { startsAtLocal: '2026-03-20T14:00' }).subscribe();
    http.expectOne({ method: 'POST', url: '/api/sittings/s1/second-convocation' });
    expect(api.eventsUrl('s1')).toBe('/api/sittings/s1/events');
    http.verify();
  });
});
