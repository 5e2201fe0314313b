import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AlertComponent } from './alert.component';
import { BreadcrumbComponent, Crumb } from './breadcrumb.component';

/**
 * The frame of a create/edit page: breadcrumb (ending with the heading), a narrow column, the
 * heading, the form's error and, while the edited record loads, a status instead of the form.
 */
@Component({
  selector: 'cdlp-form-page',
  imports: [AlertComponent, BreadcrumbComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="items()" />
      <div class="fr-grid-row">
        <div class="fr-col-12 fr-col-lg-8">
          <h1>{{ heading() }}</h1>
          <cdlp-alert kind="error" [text]="error()" />
          @if (loading()) {
            <p role="status">{{ loadingText() }}</p>
          } @else {
            <ng-content />
          }
        </div>
      </div>
    </div>
  `,
})
export class FormPageComponent {
  /** The crumbs before the current page. */
  readonly crumbs = input.required<Crumb[]>();
  readonly heading = input.required<string>();
  readonly error = input<string | null>(null);
  readonly loading = input(false);
  readonly loadingText = input('Chargement de la fiche…');

  readonly items = computed<Crumb[]>(() => [...this.crumbs(), { label: this.heading() }]);
}

/**
 * The buttons closing a form: submit (disabled while the request runs) and "Annuler", a link
 * back when `cancelLink` is given, otherwise a button that emits `cancel`.
 */
@Component({
  selector: 'cdlp-form-actions',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="fr-btns-group fr-btns-group--inline-md" [class]="spacing()">
      <li>
        <button type="submit" class="fr-btn" [disabled]="pending()">{{ submitLabel() }}</button>
      </li>
      <li>
        @if (cancelLink(); as link) {
          <a class="fr-btn fr-btn--secondary" [routerLink]="link">{{ cancelLabel() }}</a>
        } @else {
          <button type="button" class="fr-btn fr-btn--secondary" (click)="cancel.emit()">
            {{ cancelLabel() }}
          </button>
        }
      </li>
    </ul>
  `,
})
export class FormActionsComponent {
  readonly submitLabel = input.required<string>();
  readonly pending = input(false);
  readonly cancelLink = input<string | readonly string[] | null>(null);
  readonly cancelLabel = input('Annuler');
  /** A DSFR spacing class above the buttons. */
  readonly spacing = input('fr-mt-4w');
  readonly cancel = output<void>();
}
