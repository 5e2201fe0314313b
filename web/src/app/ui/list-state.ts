import { computed, DestroyRef, inject, signal, Signal, WritableSignal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormGroup } from '@angular/forms';
import { ActivatedRoute, Params, Router } from '@angular/router';
import type { PageDto } from '@cdlp/shared';
import { catchError, map, merge, Observable, of, shareReplay, Subject, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { parseQuery, QuerySchema, SortOrder, urlKeyOf } from './query-params';

/** What a sortable column header needs to know. */
export interface SortState {
  sort: string;
  order: SortOrder;
}

/** A value loaded for each query (a state of the URL, a route parameter), with its loading and error states. */
export interface QueryResource<R> {
  /** Writable: an action may put the updated record in place of the loaded one. */
  readonly value: WritableSignal<R | null>;
  readonly loading: Signal<boolean>;
  readonly error: Signal<string | null>;
}

/** What the result part of a list page shows. */
export interface ListView {
  readonly result: Signal<PageDto<unknown> | null>;
  readonly loading: Signal<boolean>;
  readonly error: Signal<string | null>;
  readonly sort: Signal<SortState | null>;
}

export interface ListConfig<Q, T> {
  /** The state of the page (filters, sort, page), as found in the URL. */
  readonly query: QuerySchema<Q>;
  /** The request for one state; null when the page shows no list for it (another view). */
  load(query: Q): Observable<PageDto<T>> | null;
  /**
   * The filter form. Each control named like a key of the query shows that key's value, and
   * applyFilters() writes the controls back to the URL ('' removes the parameter).
   */
  readonly filters?: FormGroup;
}

/**
 * The state of a list page, kept in the URL so that a filtered, sorted page can be bookmarked,
 * shared and reached again with the back button: the URL is the only source of truth, the form
 * and the result follow it. Create it in an injection context (a field of the page).
 */
export class ListState<Q, T> implements ListView {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly reloads = new Subject<void>();
  private readonly config: ListConfig<Q, T>;
  private readonly current: WritableSignal<Q>;

  readonly query: Signal<Q>;
  /** The parsed query, each time the URL changes (and again on reload()). */
  readonly query$: Observable<Q>;
  readonly result: Signal<PageDto<T> | null>;
  readonly loading: Signal<boolean>;
  readonly error: Signal<string | null>;
  readonly items = computed<readonly T[]>(() => this.result()?.items ?? []);
  /** The sort of the list, for the sortable headers; null when the list has no sort. */
  readonly sort = computed<SortState | null>(() => {
    const q = this.current() as { sort?: unknown; order?: unknown };
    return typeof q.sort === 'string' && (q.order === 'asc' || q.order === 'desc')
      ? { sort: q.sort, order: q.order }
      : null;
  });

  constructor(config: ListConfig<Q, T>) {
    this.config = config;
    this.current = signal<Q>(parseQuery(config.query, this.route.snapshot.queryParamMap));
    this.query = this.current.asReadonly();
    const destroyRef = inject(DestroyRef);
    const fromUrl$ = this.route.queryParamMap.pipe(map((params) => parseQuery(config.query, params)));
    this.query$ = merge(fromUrl$, this.reloads.pipe(map(() => this.current()))).pipe(
      tap((q) => {
        this.current.set(q);
        this.showInForm(q);
      }),
      takeUntilDestroyed(destroyRef),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    const resource = queryResource(this.query$, (q) => config.load(q));
    this.result = resource.value.asReadonly();
    this.loading = resource.loading;
    this.error = resource.error;
  }

  /** Writes the filters to the URL and goes back to the first page; refused while a filter is invalid. */
  applyFilters(): void {
    const form = this.config.filters;
    if (!form || form.invalid) return;
    const queryParams: Params = { page: null };
    for (const [name, control] of Object.entries(form.controls)) {
      if (!(name in this.config.query)) continue;
      const value = String(control.value ?? '').trim();
      queryParams[urlKeyOf(this.config.query, name as keyof Q)] = value || null;
    }
    void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge' });
  }

  /** Loads the same state again (after an action changed the rows). */
  reload(): void {
    this.reloads.next();
  }

  private showInForm(q: Q): void {
    const form = this.config.filters;
    if (!form) return;
    const values: Record<string, string> = {};
    for (const name of Object.keys(form.controls)) {
      if (!(name in this.config.query)) continue;
      const value = q[name as keyof Q];
      values[name] = value === null || value === undefined ? '' : String(value);
    }
    form.patchValue(values, { emitEvent: false });
  }
}

export function createListState<Q, T>(config: ListConfig<Q, T>): ListState<Q, T> {
  return new ListState(config);
}

/** A list the page can do without (the options of a select): empty until loaded, and when the API fails. */
export function optionalList<T>(request: Observable<readonly T[]>): Signal<readonly T[]> {
  return toSignal(request.pipe(catchError(() => of([] as readonly T[]))), {
    initialValue: [] as readonly T[],
  });
}

/** Loads the record named by a route parameter (the :id of a detail page), again when it changes. */
export function recordResource<R>(id: Signal<string>, load: (id: string) => Observable<R>): QueryResource<R> {
  return queryResource(toObservable(id), load, { clear: true });
}

/**
 * Loads a value each time a query is emitted: the previous request is cancelled, the error is
 * shown in French and the value cleared; null from `load` means "nothing to load" for that query.
 */
export function queryResource<Q, R>(
  query$: Observable<Q>,
  load: (query: Q) => Observable<R> | null,
  options: { clear?: boolean } = {},
): QueryResource<R> {
  const value = signal<R | null>(null);
  const loading = signal(true);
  const error = signal<string | null>(null);
  query$
    .pipe(
      tap(() => {
        loading.set(true);
        error.set(null);
        // A list keeps its rows while the next page loads; a record page shows no stale record.
        if (options.clear) value.set(null);
      }),
      switchMap((q) => {
        const request = load(q);
        if (!request) return of(null);
        return request.pipe(
          catchError((err: unknown) => {
            error.set(toApiError(err).message);
            return of(null);
          }),
        );
      }),
    )
    .subscribe((v) => {
      loading.set(false);
      value.set(v);
    });
  return { value, loading: loading.asReadonly(), error: error.asReadonly() };
}
