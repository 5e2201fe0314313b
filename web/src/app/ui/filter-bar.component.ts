import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/**
 * The filter form of a list page (a search landmark): the projected fields, then the submit
 * button. The fields are bound to their controls one by one, so the form needs no FormGroup.
 */
@Component({
  selector: 'cdlp-filter-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      class="cdlp-filters"
      role="search"
      novalidate
      [attr.aria-label]="label()"
      (submit)="$event.preventDefault(); apply.emit()"
    >
      <ng-content />
      <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">{{ submitLabel() }}</button>
    </form>
  `,
})
export class FilterBarComponent {
  readonly label = input.required<string>();
  readonly submitLabel = input('Filtrer');
  readonly apply = output<void>();
}
