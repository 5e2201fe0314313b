import { Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Page numbers to show around the current one; null marks an ellipsis. */
export function pageWindow(current: number, last: number, radius = 2): (number | null)[] {
  if (last <= 1) return [1];
  const pages = new Set<number>([1, last]);
  for (let p = current - radius; p <= current + radius; p++) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1] > 1) out.push(null);
    out.push(p);
  });
  return out;
}

/** DSFR pagination; each page is a real link that keeps the other query parameters (filters, sort). */
@Component({
  selector: 'cdlp-pagination',
  imports: [RouterLink],
  template: `
    @if (lastPage() > 1) {
      <nav role="navigation" class="fr-pagination fr-mt-3w" [attr.aria-label]="label()">
        <ul class="fr-pagination__list">
          <li>
            @if (page() > 1) {
              <a
                class="fr-pagination__link fr-pagination__link--first"
                [routerLink]="[]"
                [queryParams]="{ page: 1 }"
                queryParamsHandling="merge"
                >Première page</a
              >
            } @else {
              <a class="fr-pagination__link fr-pagination__link--first" aria-disabled="true" role="link"
                >Première page</a
              >
            }
          </li>
          <li>
            @if (page() > 1) {
              <a
                class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
                [routerLink]="[]"
                [queryParams]="{ page: page() - 1 }"
                queryParamsHandling="merge"
                >Page précédente</a
              >
            } @else {
              <a
                class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
                aria-disabled="true"
                role="link"
                >Page précédente</a
              >
            }
          </li>
          @for (p of pages(); track $index) {
            <li>
              @if (p === null) {
                <span class="fr-pagination__link fr-displayed-lg">…</span>
              } @else if (p === page()) {
                <a class="fr-pagination__link" aria-current="page" [attr.title]="'Page ' + p">{{ p }}</a>
              } @else {
                <a
                  class="fr-pagination__link"
                  [routerLink]="[]"
                  [queryParams]="{ page: p }"
                  queryParamsHandling="merge"
                  [attr.title]="'Page ' + p"
                  >{{ p }}</a
                >
              }
            </li>
          }
          <li>
            @if (page() < lastPage()) {
              <a
                class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
                [routerLink]="[]"
                [queryParams]="{ page: page() + 1 }"
                queryParamsHandling="merge"
                >Page suivante</a
              >
            } @else {
              <a
                class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
                aria-disabled="true"
                role="link"
                >Page suivante</a
              >
            }
          </li>
          <li>
            @if (page() < lastPage()) {
              <a
                class="fr-pagination__link fr-pagination__link--last"
                [routerLink]="[]"
                [queryParams]="{ page: lastPage() }"
                queryParamsHandling="merge"
                >Dernière page</a
              >
            } @else {
              <a class="fr-pagination__link fr-pagination__link--last" aria-disabled="true" role="link"
                >Dernière page</a
              >
            }
          </li>
        </ul>
      </nav>
    }
  `,
})
export class PaginationComponent {
  readonly page = input.required<number>();
  readonly pageSize = input.required<number>();
  readonly total = input.required<number>();
  readonly label = input('Pagination');

  readonly lastPage = computed(() => Math.max(1, Math.ceil(this.total() / Math.max(1, this.pageSize()))));
  readonly pages = computed(() => pageWindow(this.page(), this.lastPage()));
}
