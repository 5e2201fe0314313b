import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { AlertComponent } from './alert.component';
import type { ListView } from './list-state';
import { PaginationComponent } from './pagination.component';
import { TableColumn, TableComponent } from './table.component';

/**
 * The result part of a list page: the live count (or the loading message), the API error, the
 * empty state, the table (its columns, sortable or not) around the projected `<tbody>`, and the pagination links.
 */
@Component({
  selector: 'cdlp-list-results',
  imports: [AlertComponent, PaginationComponent, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p role="status" class="fr-mb-2w">
      @if (list().loading()) {
        {{ loadingText() }}
      } @else if (list().result(); as r) {
        {{ r.total }} {{ r.total > 1 ? countMany() : countOne() }}
      }
    </p>
    <cdlp-alert kind="error" [text]="list().error()" />
    @if (list().result(); as r) {
      @if (r.items.length === 0) {
        <p class="cdlp-empty">{{ emptyText() }}</p>
      } @else {
        <!-- The rows are the page's: projected, they exist only while the table is shown. -->
        <div
          [class]="'fr-table ' + tableClass()"
          [id]="tableId()"
          [cdlpTable]="caption()"
          [columns]="columns()"
          [sortState]="list().sort()"
        >
          <ng-content />
        </div>
        <cdlp-pagination
          [page]="r.page"
          [pageSize]="r.pageSize"
          [total]="r.total"
          [label]="paginationLabel()"
        />
      }
    }
  `,
})
export class ListResultsComponent {
  readonly list = input.required<ListView>();
  readonly loadingText = input.required<string>();
  /** "membre trouvé" / "membres trouvés": the count is written before. */
  readonly countOne = input.required<string>();
  readonly countMany = input.required<string>();
  readonly emptyText = input.required<string>();
  readonly caption = input.required<string>();
  readonly tableId = input.required<string>();
  readonly tableClass = input('fr-table--no-caption fr-table--multiline');
  readonly columns = input<readonly TableColumn[]>([]);
  readonly paginationLabel = input.required<string>();
}
