import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The DSFR table frame (wrapper, container, content, caption) around the rows projected into it:
 * `<div class="fr-table fr-table--no-caption" cdlpTable="Légende"><thead>…</thead><tbody>…</tbody></div>`.
 * The host keeps its classes and id, so DSFR modifiers and the tables' ids stay on the page.
 */
@Component({
  selector: 'div[cdlpTable]',
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
            <ng-content />
          </table>
        </div>
      </div>
    </div>
  `,
})
export class TableComponent {
  readonly caption = input.required<string>({ alias: 'cdlpTable' });
}
