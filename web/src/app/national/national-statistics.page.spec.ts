import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { hiddenCell, protectMedian, shownCell } from '@cdlp/shared';
import { departementStatistics, nationalStatistics } from '../../testing/fixtures';
import { flushError, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { NationalStatisticsPage, yearOptions } from './national-statistics.page';
import { sortStatistics } from './statistics-view';

describe('NationalStatisticsPage (TENANT-1, PSP-4)', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    http = setUpPageTest([{ path: 'national/statistiques', component: NationalStatisticsPage }]);
    await signIn('SUPERVISOR');
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  async function open(url = '/national/statistiques?annee=2026', year = 2026): Promise<HTMLElement> {
    await harness.navigateByUrl(url);
    const req = http.expectOne((r) => r.url === '/api/national/statistics');
    expect(req.request.params.get('year')).toBe(String(year));
    req.flush(nationalStatistics({ year }));
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  const rowCodes = (el: HTMLElement, table = '#table-statistiques') =>
    [...el.querySelectorAll(`${table} tbody th[scope=row]`)].map((th) => th.textContent?.trim().slice(0, 2));

  it('TENANT-1: shows every département and the national total, hidden counts as « < 5 », with the disclosure note', async () => {
    const el = await open();
    expect(q(el, 'h1').textContent).toBe('Statistiques nationales');
    expect(el.textContent).toContain('Statistiques 2026 : 2 départements.');
    const table = q(el, '#table-statistiques');
    expect(q(table, 'caption').textContent?.trim()).toBe(
      'Statistiques 2026 par département et total national',
    );
    expect(rowCodes(el)).toEqual(['79', '86']);
    // Two header rows: the groups (scope colgroup), then each figure, sortable.
    const groups = [...table.querySelectorAll('thead th[scope=colgroup]')].map((th) =>
      th.textContent?.trim(),
    );
    expect(groups).toContain('Délai (PSP-4)');
    expect(groups).toContain('Fins de parcours');
    expect(table.querySelectorAll('thead tr:nth-child(2) th')).toHaveLength(15);
    const first = q(table, 'tbody tr:first-child');
    const hidden = q(first, '.cdlp-hidden-figure');
    expect(hidden.textContent?.replace(/\s+/g, ' ').trim()).toBe('< 5 (chiffre masqué)');
    expect(hidden.getAttribute('title')).toContain('moins de 5');
    const total = q(table, 'tfoot tr');
    expect(q(total, 'th').textContent?.trim()).toBe('Total national');
    expect(total.textContent).toContain('21');
    expect(total.textContent).toContain('34 j');
    const note = q(el, '.fr-alert--info');
    expect(note.textContent).toContain('Protection des chiffres');
    expect(note.textContent).toContain('« < 5 »');
    expect(el.textContent).toContain('Seuil de masquage : 5.');
  });

  it('TENANT-1: offers the XLSX export of the year shown', async () => {
    const el = await open();
    const link = q<HTMLAnchorElement>(el, '#export-statistiques');
    expect(link.getAttribute('href')).toBe('/api/national/statistics/export.xlsx?year=2026');
    expect(link.hasAttribute('download')).toBe(true);
    expect(link.textContent).toContain('XLSX');
  });

  it('PSP-4: draws the median by default as an SVG image with its text alternative and the table of its values', async () => {
    const el = await open();
    expect(q(el, '#graphique-titre').textContent).toContain(
      'Délai médian entre la demande complète et l’avis (PSP-4)',
    );
    const svg = q(el, 'svg.cdlp-bar-chart');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toContain(
      '2 département(s), 1 valeur(s) affichée(s), 1 masquée(s)',
    );
    expect(svg.getAttribute('aria-label')).toContain('Total national : 34 j');
    // The Vienne has a bar, the Deux-Sèvres' median over 3 opinions is hidden: no bar, « < 5 (masqué) ».
    expect(svg.querySelectorAll('rect')).toHaveLength(1);
    expect(svg.textContent).toContain('< 5 (masqué)');
    expect(svg.textContent).toContain('41 j');
    // The national median as a dashed line.
    expect(svg.querySelector('line[stroke-dasharray]')).not.toBeNull();
    expect(el.textContent).toContain('Ligne en tirets : valeur nationale (34 j).');
    const data = q(el, '#table-graphique');
    expect(data.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(q(data, 'tfoot').textContent).toContain('34 j');
  });

  it('TENANT-1: draws another figure chosen in the URL, without asking the API again when only the view changes', async () => {
    const el = await open();
    await harness.navigateByUrl('/national/statistiques?annee=2026&graphique=activePathways');
    await settle();
    http.expectNone((r) => r.url === '/api/national/statistics');
    expect(q(el, '#graphique-titre').textContent).toContain('Parcours en cours');
    const svg = q(el, 'svg.cdlp-bar-chart');
    expect(svg.querySelectorAll('rect')).toHaveLength(2);
    expect(svg.querySelector('line[stroke-dasharray]')).toBeNull();
  });

  it('TENANT-1: sorts by a figure from its column header, hidden figures last, and marks the sorted column', async () => {
    const el = await open();
    // By default, by code: the département column is the sorted one.
    const byCode = q(el, '#table-statistiques thead th[aria-sort]');
    expect(byCode.textContent).toContain('Département');
    expect(byCode.getAttribute('aria-sort')).toBe('ascending');
    const sortLink = [...el.querySelectorAll<HTMLAnchorElement>('#table-statistiques thead a')].find((a) =>
      a.title.startsWith('Trier par parcours en cours'),
    );
    expect(sortLink?.title).toBe('Trier par parcours en cours, ordre croissant');
    await harness.navigateByUrl('/national/statistiques?annee=2026&sort=activePathways&order=desc');
    await settle();
    http.expectNone((r) => r.url === '/api/national/statistics');
    expect(rowCodes(el)).toEqual(['86', '79']);
    const sorted = el.querySelector('#table-statistiques th[aria-sort]');
    expect(sorted?.getAttribute('aria-sort')).toBe('descending');
    expect(sorted?.textContent).toContain('En cours');
  });

  it('TENANT-1: changes the year through the form, into the URL', async () => {
    const el = await open();
    const select = q<HTMLSelectElement>(el, 'select#year');
    expect([...select.options].map((o) => o.value)).toContain('2016');
    select.value = '2025';
    select.dispatchEvent(new Event('change'));
    q<HTMLButtonElement>(el, 'form[role=search] button[type=submit]').click();
    await settle();
    expect(TestBed.inject(Router).url).toContain('annee=2025');
    const req = http.expectOne((r) => r.url === '/api/national/statistics');
    expect(req.request.params.get('year')).toBe('2025');
    req.flush(nationalStatistics({ year: 2025 }));
    await settle();
    expect(el.textContent).toContain('Statistiques 2025 : 2 départements.');
    expect(q(el, '#export-statistiques').getAttribute('href')).toContain('year=2025');
  });

  it('shows the API’s message when the figures cannot be loaded', async () => {
    await harness.navigateByUrl('/national/statistiques?annee=2026');
    flushError(
      http.expectOne((r) => r.url === '/api/national/statistics'),
      403,
      {
        statusCode: 403,
        message: "Vous n'avez pas les droits nécessaires.",
      },
    );
    await settle();
    const el = harness.routeNativeElement as HTMLElement;
    expect(q(el, '[role=alert]').textContent).toContain("Vous n'avez pas les droits nécessaires.");
    expect(el.querySelector('#table-statistiques')).toBeNull();
  });
});

describe('sortStatistics (TENANT-1)', () => {
  const rows = [
    departementStatistics('79', 'Deux-Sèvres', {
      activePathways: hiddenCell(),
      medianDaysCompleteToOpinion: protectMedian(null, 0),
    }),
    departementStatistics('86', 'Vienne', {
      activePathways: shownCell(14),
      medianDaysCompleteToOpinion: protectMedian(40, 8),
    }),
    departementStatistics('2A', 'Corse-du-Sud', {
      activePathways: shownCell(0),
      medianDaysCompleteToOpinion: protectMedian(12, 2),
    }),
    departementStatistics('01', 'Ain', {
      activePathways: shownCell(9),
      medianDaysCompleteToOpinion: protectMedian(25, 6),
    }),
  ];
  const codes = (sort: string, order: 'asc' | 'desc') => sortStatistics(rows, sort, order).map((r) => r.code);

  it('TENANT-1: sorts by code and by name', () => {
    expect(codes('code', 'asc')).toEqual(['01', '2A', '79', '86']);
    expect(codes('name', 'desc')).toEqual(['86', '79', '2A', '01']);
  });

  it('TENANT-1: puts hidden figures after the shown ones in both orders (a hidden count may be any value)', () => {
    expect(codes('activePathways', 'asc')).toEqual(['2A', '01', '86', '79']);
    expect(codes('activePathways', 'desc')).toEqual(['86', '01', '2A', '79']);
  });

  it('PSP-4: sorts by the median; a hidden median and « — » come last, by code', () => {
    expect(codes('medianDaysCompleteToOpinion', 'asc')).toEqual(['01', '86', '2A', '79']);
    expect(codes('medianDaysCompleteToOpinion', 'desc')).toEqual(['86', '01', '2A', '79']);
  });
});

describe('yearOptions', () => {
  it('offers every year from the current one back to 2016 (law of 13 April 2016)', () => {
    expect(yearOptions(2018).map((o) => o.value)).toEqual(['2018', '2017', '2016']);
  });
});
