import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { convertToParamMap, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role } from '@cdlp/shared';
import { CATEGORIES, member, page } from '../../testing/fixtures';
import { q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { MemberListPage, parseMemberListQuery } from './member-list.page';

describe('MemberListPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([{ path: 'membres', component: MemberListPage }]);
  });

  afterEach(() => http.verify());

  async function open(role: Role, url: string): Promise<{ el: HTMLElement; harness: RouterTestingHarness }> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    http.expectOne('/api/registry/member-categories').flush(CATEGORIES);
    return { el: harness.routeNativeElement as HTMLElement, harness };
  }

  it('asks the API for the page, filters and sort found in the URL', async () => {
    const { el } = await open(
      'PRESIDENT',
      '/membres?search=dub&status=all&categoryCode=ETAT&page=2&sort=termEnd&order=desc',
    );
    const req = http.expectOne((r) => r.url === '/api/members');
    expect(req.request.params.toString()).toBe(
      'search=dub&categoryCode=ETAT&status=all&page=2&sort=termEnd&order=desc&pageSize=20',
    );
    req.flush(page([member()], 21, 2));
    await settle();
    expect(el.querySelector('[role=status]')?.textContent).toContain('21 membres trouvés');
    expect(q<HTMLInputElement>(el, '#search').value).toBe('dub');
    expect(el.querySelector('th[aria-sort=descending]')?.textContent).toContain('Fin du mandat');
  });

  it('lists members with their seat, term and COMP-3 flag', async () => {
    const { el } = await open('PRESIDENT', '/membres');
    http
      .expectOne((r) => r.url === '/api/members')
      .flush(
        page([
          member(),
          member({
            id: 'm2',
            civility: 'M',
            firstName: 'Paul',
            lastName: 'Martin',
            seat: 'SUPPLEANT',
            titulaireId: '11111111-1111-4111-8111-111111111111',
            titulaireName: 'Mme Claire Dubois',
            excludedFromPsp: true,
          }),
        ]),
      );
    await settle();
    const rows = el.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Mme Claire Dubois');
    expect(rows[0].textContent).toContain('14 janvier 2029');
    expect(rows[0].textContent).toContain('En fonction');
    expect(rows[1].textContent?.replace(/\s+/g, ' ')).toContain('Suppléant de Mme Claire Dubois');
    expect(rows[1].querySelector('a[href="/membres/11111111-1111-4111-8111-111111111111"]')).not.toBeNull();
    expect(rows[1].textContent).toContain('Exclu des examens individuels');
  });

  it('offers to add and import members to the secretariat only', async () => {
    const { el } = await open('SECRETARIAT', '/membres');
    http.expectOne((r) => r.url === '/api/members').flush(page([]));
    await settle();
    expect(el.querySelector('a[href="/membres/nouveau"]')).not.toBeNull();
    expect(el.querySelector('a[href="/membres/import"]')).not.toBeNull();
    expect(el.textContent).toContain('Aucun membre ne correspond à votre recherche.');
  });

  it('hides the write actions from the president', async () => {
    const { el } = await open('PRESIDENT', '/membres');
    http.expectOne((r) => r.url === '/api/members').flush(page([]));
    await settle();
    expect(el.querySelector('a[href="/membres/nouveau"]')).toBeNull();
  });

  it('puts the filters in the URL and goes back to page 1', async () => {
    const { el } = await open('PRESIDENT', '/membres?page=3');
    http.expectOne((r) => r.url === '/api/members').flush(page([member()], 60, 3));
    await settle();
    const search = q<HTMLInputElement>(el, '#search');
    search.value = 'martin';
    search.dispatchEvent(new Event('input'));
    const status = q<HTMLSelectElement>(el, '#status');
    status.value = 'ended';
    status.dispatchEvent(new Event('change'));
    q<HTMLButtonElement>(el, 'form[role=search] button[type=submit]').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/membres?search=martin&status=ended');
    http.expectOne((r) => r.url === '/api/members' && r.params.get('search') === 'martin').flush(page([]));
  });

  it('links every page of a long list, keeping the filters', async () => {
    const { el } = await open('PRESIDENT', '/membres?status=all');
    http.expectOne((r) => r.url === '/api/members').flush(page([member()], 95, 1));
    await settle();
    const next = q<HTMLAnchorElement>(el, '.fr-pagination__link--next');
    expect(next.getAttribute('href')).toBe('/membres?status=all&page=2');
    expect(el.querySelector('.fr-pagination__link[aria-current=page]')?.textContent?.trim()).toBe('1');
    expect(el.querySelector('.fr-pagination__link--last')?.getAttribute('href')).toBe(
      '/membres?status=all&page=5',
    );
  });

  it('shows the API error', async () => {
    const { el } = await open('PRESIDENT', '/membres');
    http.expectOne((r) => r.url === '/api/members').flush(null, { status: 500, statusText: 'Error' });
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Une erreur inattendue est survenue');
  });
});

describe('parseMemberListQuery', () => {
  it('falls back to defaults for unexpected values', () => {
    expect(
      parseMemberListQuery(convertToParamMap({ status: 'x', page: '-2', sort: 'email', order: 'up' })),
    ).toEqual({
      search: '',
      categoryCode: '',
      status: 'active',
      page: 1,
      sort: 'lastName',
      order: 'asc',
    });
  });
});
