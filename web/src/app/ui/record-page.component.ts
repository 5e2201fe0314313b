import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AlertComponent } from './alert.component';
import { BreadcrumbComponent, Crumb } from './breadcrumb.component';

/**
 * The frame of a page showing one record (a member, a request, a sitting…): breadcrumb, heading,
 * the success of the last action, the loading error with a way back, the projected content, and a
 * status while the record loads.
 */
@Component({
  selector: 'cdlp-record-page',
  imports: [RouterLink, AlertComponent, BreadcrumbComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="crumbs()" />
      <h1>{{ heading() }}</h1>
      <cdlp-alert kind="success" [text]="success()" />
      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        @if (backLink(); as link) {
          <p>
            <a class="fr-link" [routerLink]="link">{{ backLabel() }}</a>
          </p>
        }
      }
      <ng-content />
      @if (loading() && !error()) {
        <p role="status">{{ loadingText() }}</p>
      }
    </div>
  `,
})
export class RecordPageComponent {
  /** Every crumb, the current page last. */
  readonly crumbs = input.required<Crumb[]>();
  readonly heading = input.required<string>();
  readonly success = input<string | null>(null);
  readonly error = input<string | null>(null);
  readonly backLink = input<string | null>(null);
  readonly backLabel = input('Retour à la liste');
  readonly loading = input(false);
  readonly loadingText = input('Chargement…');
}
