import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { SortState } from './list-state';
import { SortHeaderComponent } from './sort-header.component';

/** A column header: its text, or its text and the sort key of a sortable column. */
export type TableColumn = string | { readonly label: string; readonly sort: string };

/**
 * The DSFR table frame (wrapper, container, content, caption, header row) around the rows
 * projected into it: `<div class="fr-table" cdlpTable="Légende" [columns]="['Nom', …]"><tbody>…`.
 * The host keeps its classes and id, so DSFR modifiers and the tables' ids stay on the page.
 * Without columns, the page projects its own `<thead>`.
 */
@Component({
  selector: 'div[cdlpTable]',
  imports: [SortHeaderComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-table__wrapper">
      <div class="fr-table__container">
        <div class="fr-table__content">
          <table>
            <caption>
              {{
                caption()
              }}
            </caption>
            @if (columns().length > 0) {
              <thead>
                <tr>
                  @for (column of columns(); track $index) {
                    @if (sortKey(column); as key) {
                      <th [cdlpSort]="key" [label]="label(column)" [sortState]="sortState()"></th>
                    } @else {
                      <th scope="col">{{ label(column) }}</th>
                    }
                  }
                </tr>
              </thead>
            }
            <ng-content />
          </table>
        </div>
      </div>
    </div>
  `,
})
export class TableComponent {
  readonly caption = input.required<string>({ alias: 'cdlpTable' });
  readonly columns = input<readonly TableColumn[]>([]);
  readonly sortState = input<SortState | null>(null);

  label(column: TableColumn): string {
    return typeof column === 'string' ? column : column.label;
  }

  sortKey(column: TableColumn): string | null {
    return typeof column === 'string' ? null : column.sort;
  }
}
