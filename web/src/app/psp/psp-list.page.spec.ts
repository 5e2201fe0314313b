import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { convertToParamMap, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role } from '@cdlp/shared';
import { association, page, pspListItem } from '../../testing/fixtures';
import { q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { parsePspListQuery, PspListPage } from './psp-list.page';

describe('PspListPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([{ path: 'demandes', component: PspListPage }]);
  });

  afterEach(() => http.verify());

  async function open(
    role: Role,
    url = '/demandes',
  ): Promise<{ el: HTMLElement; harness: RouterTestingHarness }> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return { el: harness.routeNativeElement as HTMLElement, harness };
  }

  it('lists the requests with their state and the waiting time, highlighted beyond 30 days (PSP-4)', async () => {
    const { el } = await open('SECRETARIAT', '/demandes?state=COMPLETE&sort=daysWaiting&order=desc');
    http.expectOne((r) => r.url === '/api/associations').flush(page([association()]));
    const req = http.expectOne((r) => r.url === '/api/psp-requests');
    expect(req.request.params.get('state')).toBe('COMPLETE');
    expect(req.request.params.get('sort')).toBe('daysWaiting');
    req.flush(
      page([
        pspListItem({ id: 'a', reference: 'PSP-33-2026-0001', daysWaiting: 40, urgent: true }),
        pspListItem({ id: 'b', reference: 'PSP-33-2026-0002', daysWaiting: 3 }),
      ]),
    );
    await settle();
    expect(el.querySelector('h1')?.textContent).toBe('Demandes de parcours de sortie');
    expect(el.querySelector('[role=status]')?.textContent).toContain('2 demandes trouvées');
    const rows = el.querySelectorAll('tbody tr');
    expect(rows[0].textContent).toContain('Urgente');
    expect(rows[0].textContent).toContain('Complète');
    expect(rows[0].querySelector('.fr-badge--warning')?.textContent?.trim()).toBe(
      'en attente depuis 40 jours',
    );
    expect(rows[1].querySelector('.fr-badge--warning')).toBeNull();
    expect(rows[1].textContent).toContain('en attente depuis 3 jours');
    expect(el.querySelector('th[aria-sort=descending]')?.textContent).toContain('Attente');
    expect(el.textContent).toContain('Association Le Nid');
    expect(el.querySelector('a[href="/demandes/nouvelle"]')).not.toBeNull();
  });

  it('applies the filters through the address, so that the list can be bookmarked', async () => {
    const { el } = await open('SECRETARIAT');
    http.expectOne((r) => r.url === '/api/associations').flush(page([association()]));
    http.expectOne((r) => r.url === '/api/psp-requests').flush(page([]));
    await settle();
    const state = q<HTMLSelectElement>(el, '#state');
    state.value = 'INCOMPLETE';
    state.dispatchEvent(new Event('change'));
    const days = q<HTMLInputElement>(el, '#minDaysWaiting');
    days.value = '31';
    days.dispatchEvent(new Event('input'));
    q<HTMLButtonElement>(el, 'form[role=search] button[type=submit]').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/demandes?state=INCOMPLETE&minDaysWaiting=31');
    const req = http.expectOne((r) => r.url === '/api/psp-requests');
    expect(req.request.params.get('minDaysWaiting')).toBe('31');
    req.flush(page([]));
    await settle();
    expect(el.textContent).toContain('Aucune demande ne correspond à votre recherche.');
  });

  it('shows an association its own requests, without association filter nor column', async () => {
    const { el } = await open('ASSOCIATION');
    http
      .expectOne((r) => r.url === '/api/psp-requests')
      .flush(page([pspListItem({ state: 'DRAFT', daysWaiting: null })]));
    await settle();
    expect(el.querySelector('h1')?.textContent).toBe('Mes demandes');
    expect(el.querySelector('#associationId')).toBeNull();
    expect([...el.querySelectorAll('th')].map((t) => t.textContent)).not.toContain('Association');
    expect(el.textContent).toContain('Brouillon');
  });

  it('reads only sane values from the address', () => {
    expect(
      parsePspListQuery(
        convertToParamMap({
          state: 'NOPE',
          minDaysWaiting: '-3',
          completedFrom: '2026-13-01',
          sort: 'x',
          page: '0',
        }),
      ),
    ).toEqual({
      state: '',
      associationId: '',
      completedFrom: '',
      completedTo: '',
      minDaysWaiting: null,
      page: 1,
      sort: 'updatedAt',
      order: 'desc',
    });
  });
});
