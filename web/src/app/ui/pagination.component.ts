import { NgTemplateOutlet } from '@angular/common';
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

interface PageLink {
  label: string;
  /** The page it leads to; null when it cannot be followed (first page, last page). */
  page: number | null;
  modifier: string;
}

/** DSFR pagination; each page is a real link that keeps the other query parameters (filters, sort). */
@Component({
  selector: 'cdlp-pagination',
  imports: [RouterLink, NgTemplateOutlet],
  template: `
    <ng-template #step let-link>
      @if (link.page !== null) {
        <a
          [class]="'fr-pagination__link ' + link.modifier"
          [routerLink]="[]"
          [queryParams]="{ page: link.page }"
          queryParamsHandling="merge"
          >{{ link.label }}</a
        >
      } @else {
        <a [class]="'fr-pagination__link ' + link.modifier" aria-disabled="true" role="link">{{
          link.label
        }}</a>
      }
    </ng-template>
    @if (lastPage() > 1) {
      <nav role="navigation" class="fr-pagination fr-mt-3w" [attr.aria-label]="label()">
        <ul class="fr-pagination__list">
          @for (link of before(); track link.label) {
            <li>
              <ng-container [ngTemplateOutlet]="step" [ngTemplateOutletContext]="{ $implicit: link }" />
            </li>
          }
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
          @for (link of after(); track link.label) {
            <li>
              <ng-container [ngTemplateOutlet]="step" [ngTemplateOutletContext]="{ $implicit: link }" />
            </li>
          }
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
  readonly before = computed<PageLink[]>(() => {
    const p = this.page();
    return [
      { label: 'Première page', page: p > 1 ? 1 : null, modifier: 'fr-pagination__link--first' },
      {
        label: 'Page précédente',
        page: p > 1 ? p - 1 : null,
        modifier: 'fr-pagination__link--prev fr-pagination__link--lg-label',
      },
    ];
  });
  readonly after = computed<PageLink[]>(() => {
    const p = this.page();
    const last = this.lastPage();
    return [
      {
        label: 'Page suivante',
        page: p < last ? p + 1 : null,
        modifier: 'fr-pagination__link--next fr-pagination__link--lg-label',
      },
      { label: 'Dernière page', page: p < last ? last : null, modifier: 'fr-pagination__link--last' },
    ];
  });
}
