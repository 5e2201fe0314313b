import { Location } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup } from '@angular/forms';
import { convertToParamMap, provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { PageDto } from '@cdlp/shared';
import { Observable, of, Subject, throwError } from 'rxjs';
import { q, settle } from '../../testing/test-helpers';
import { FilterBarComponent, FilterField } from './filter-bar.component';
import { createListState } from './list-state';
import { ListResultsComponent } from './list-results.component';
import type { TableColumn } from './table.component';
import {
  countParam,
  inUrlAs,
  oneOfParam,
  orderParam,
  pageParam,
  parseQuery,
  QueryOf,
  textParam,
} from './query-params';

interface Fruit {
  id: string;
  name: string;
}

const QUERY = {
  search: textParam(),
  colour: inUrlAs('couleur', oneOfParam(['all', 'red', 'green'] as const, 'all')),
  page: pageParam(),
  sort: oneOfParam(['name', 'weight'] as const, 'name'),
  order: orderParam('asc'),
};
type FruitQuery = QueryOf<typeof QUERY>;

/** What the fake API was asked, and the answer it gives (a Subject to hold the answer back). */
const calls: FruitQuery[] = [];
let answer: (q: FruitQuery) => Observable<PageDto<Fruit>>;

function pageOf(items: Fruit[], total = items.length, pageNumber = 1): PageDto<Fruit> {
  return { items, total, page: pageNumber, pageSize: 2 };
}

@Component({
  selector: 'cdlp-fruit-list',
  imports: [FilterBarComponent, ListResultsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-filter-bar
      label="Filtrer les fruits"
      [fields]="fields"
      [form]="filters"
      (apply)="list.applyFilters()"
    />
    <cdlp-list-results
      [list]="list"
      loadingText="Chargement des fruits…"
      countOne="fruit"
      countMany="fruits"
      emptyText="Aucun fruit."
      tableId="table-fruits"
      caption="Fruits"
      paginationLabel="Pagination des fruits"
      [columns]="columns"
    >
      <tbody>
        @for (f of list.items(); track f.id) {
          <tr>
            <td>{{ f.name }}</td>
            <td></td>
          </tr>
        }
      </tbody>
    </cdlp-list-results>
  `,
})
class FruitListPage {
  readonly fields: FilterField[] = [
    { id: 'search', label: 'Rechercher' },
    {
      id: 'colour',
      label: 'Couleur',
      placeholder: null,
      options: [
        { value: 'all', label: 'Toutes' },
        { value: 'red', label: 'Rouge' },
        { value: 'green', label: 'Vert' },
      ],
    },
  ];
  readonly filters = new FormGroup({
    search: new FormControl('', {
      nonNullable: true,
      validators: [
        (c) => (String(c.value).includes('!') ? { message: 'Pas de point d’exclamation.' } : null),
      ],
    }),
    colour: new FormControl('all', { nonNullable: true }),
  });
  readonly columns: TableColumn[] = [
    { label: 'Nom', sort: 'name' },
    { label: 'Poids', sort: 'weight' },
  ];
  readonly list = createListState({
    query: QUERY,
    filters: this.filters,
    load: (query) => {
      calls.push(query);
      return answer(query);
    },
  });
}

describe('createListState and the list page components', () => {
  beforeEach(() => {
    calls.length = 0;
    answer = () => of(pageOf([{ id: 'a', name: 'Pomme' }]));
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'fruits', component: FruitListPage }])],
    });
  });

  async function open(url: string): Promise<HTMLElement> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  function submitFilters(el: HTMLElement, search: string, colour?: string): void {
    const input = q<HTMLInputElement>(el, '#search');
    input.value = search;
    input.dispatchEvent(new Event('input'));
    if (colour) {
      const select = q<HTMLSelectElement>(el, '#colour');
      select.value = colour;
      select.dispatchEvent(new Event('change'));
    }
    q<HTMLButtonElement>(el, 'form[role=search] button[type=submit]').click();
  }

  it('reads the state from the URL, under its URL names, and shows it in the filter form', async () => {
    const el = await open('/fruits?search=pom&couleur=red&page=3&sort=weight&order=desc');
    expect(calls).toEqual([{ search: 'pom', colour: 'red', page: 3, sort: 'weight', order: 'desc' }]);
    expect(q<HTMLInputElement>(el, '#search').value).toBe('pom');
    expect(q<HTMLSelectElement>(el, '#colour').value).toBe('red');
    expect(q(el, 'form[role=search]').getAttribute('aria-label')).toBe('Filtrer les fruits');
  });

  it('falls back to the defaults for unexpected values in the URL', () => {
    expect(
      parseQuery(QUERY, convertToParamMap({ couleur: 'blue', page: '-1', sort: 'x', order: 'up' })),
    ).toEqual({
      search: '',
      colour: 'all',
      page: 1,
      sort: 'name',
      order: 'asc',
    });
    expect(countParam(3, 366).parse('400')).toBeNull();
    expect(countParam(3, 366).parse('45')).toBe(45);
  });

  it('writes the filters to the URL and goes back to the first page', async () => {
    const el = await open('/fruits?page=4&sort=weight');
    submitFilters(el, '  poire ', 'green');
    await settle();
    expect(TestBed.inject(Router).url).toBe('/fruits?sort=weight&search=poire&couleur=green');
    expect(calls.at(-1)).toEqual({ search: 'poire', colour: 'green', page: 1, sort: 'weight', order: 'asc' });
  });

  it('removes an emptied filter from the URL', async () => {
    const el = await open('/fruits?search=pom');
    submitFilters(el, '');
    await settle();
    expect(TestBed.inject(Router).url).toBe('/fruits?couleur=all');
  });

  it('toggles the sort of a column, first ascending then descending, from page 1', async () => {
    const el = await open('/fruits?page=2');
    const name = q(el, 'th[aria-sort=ascending]');
    expect(name.textContent).toContain('Nom');
    expect(name.getAttribute('scope')).toBe('col');
    const weightLink = q<HTMLAnchorElement>(el, 'th:nth-child(2) a');
    expect(weightLink.getAttribute('href')).toBe('/fruits?page=1&sort=weight&order=asc');
    expect(weightLink.title).toBe('Trier par poids, ordre croissant');
    // The sorted column offers the other order.
    expect(q<HTMLAnchorElement>(el, 'th:nth-child(1) a').getAttribute('href')).toBe(
      '/fruits?page=1&sort=name&order=desc',
    );
    weightLink.click();
    await settle();
    expect(calls.at(-1)).toMatchObject({ sort: 'weight', order: 'asc', page: 1 });
    expect(q(el, 'th[aria-sort=ascending]').textContent).toContain('Poids');
    expect(q<HTMLAnchorElement>(el, 'th:nth-child(2) a').getAttribute('href')).toBe(
      '/fruits?page=1&sort=weight&order=desc',
    );
  });

  it('follows the back button: the previous state is loaded and shown in the form again', async () => {
    // As in the app, the router listens to the browser's history (popstate).
    TestBed.inject(Router).setUpLocationChangeListener();
    const el = await open('/fruits?search=pom');
    submitFilters(el, 'kiwi');
    await settle();
    expect(q<HTMLInputElement>(el, '#search').value).toBe('kiwi');
    TestBed.inject(Location).back();
    await settle();
    expect(calls.at(-1)).toMatchObject({ search: 'pom' });
    expect(q<HTMLInputElement>(el, '#search').value).toBe('pom');
  });

  it('announces the loading, then the count, and links the pages keeping the filters', async () => {
    const pending = new Subject<PageDto<Fruit>>();
    answer = () => pending;
    const el = await open('/fruits?search=p');
    expect(q(el, '[role=status]').textContent).toContain('Chargement des fruits…');
    pending.next(
      pageOf(
        [
          { id: 'a', name: 'Pomme' },
          { id: 'b', name: 'Poire' },
        ],
        5,
      ),
    );
    await settle();
    expect(q(el, '[role=status]').textContent?.trim()).toBe('5 fruits');
    expect(el.querySelectorAll('#table-fruits tbody tr')).toHaveLength(2);
    expect(q(el, '#table-fruits caption').textContent?.trim()).toBe('Fruits');
    expect(q(el, 'nav.fr-pagination').getAttribute('aria-label')).toBe('Pagination des fruits');
    expect(q<HTMLAnchorElement>(el, '.fr-pagination__link--next').getAttribute('href')).toBe(
      '/fruits?search=p&page=2',
    );
  });

  it('shows the empty state instead of the table', async () => {
    answer = () => of(pageOf([]));
    const el = await open('/fruits');
    expect(q(el, '[role=status]').textContent?.trim()).toBe('0 fruit');
    expect(el.querySelector('.cdlp-empty')?.textContent).toBe('Aucun fruit.');
    expect(el.querySelector('table')).toBeNull();
    expect(el.querySelector('.fr-pagination')).toBeNull();
  });

  it('shows the API error in French and no stale rows', async () => {
    answer = () => throwError(() => new HttpErrorResponse({ status: 503 }));
    const el = await open('/fruits');
    expect(q(el, '[role=alert]').textContent).toContain('Une erreur inattendue est survenue');
    expect(el.querySelector('table')).toBeNull();
  });

  it('does not write invalid filters to the URL', async () => {
    const el = await open('/fruits');
    submitFilters(el, '!');
    await settle();
    expect(TestBed.inject(Router).url).toBe('/fruits');
    expect(calls).toHaveLength(1);
  });
});
