import { Component, input } from '@angular/core';

/**
 * A small DSFR alert. Errors are announced immediately (role alert), other kinds politely (role
 * status). The message is the projected content, or `text`: `<cdlp-alert kind="error" [text]="error()" />`
 * shows nothing while the text is null.
 */
@Component({
  selector: 'cdlp-alert',
  template: `
    @if (text() !== null) {
      <div
        class="fr-alert fr-alert--sm fr-mb-3w"
        [class.fr-alert--error]="kind() === 'error'"
        [class.fr-alert--success]="kind() === 'success'"
        [class.fr-alert--info]="kind() === 'info'"
        [class.fr-alert--warning]="kind() === 'warning'"
        [attr.role]="kind() === 'error' ? 'alert' : 'status'"
      >
        @if (heading(); as h) {
          <h3 class="fr-alert__title">{{ h }}</h3>
        }
        <p>
          @if (text() === undefined) {
            <ng-content />
          } @else {
            {{ text() }}
          }
        </p>
      </div>
    }
  `,
})
export class AlertComponent {
  readonly kind = input<'error' | 'success' | 'info' | 'warning'>('info');
  readonly heading = input<string | null>(null);
  readonly text = input<string | null | undefined>(undefined);
}

/** A DSFR information notice: `<div cdlpNotice class="fr-mb-2w">Texte</div>`. */
@Component({
  selector: 'div[cdlpNotice]',
  host: { class: 'fr-notice fr-notice--info' },
  template: `
    <div class="fr-container">
      <div class="fr-notice__body">
        <p class="fr-notice__title"><ng-content /></p>
      </div>
    </div>
  `,
})
export class NoticeComponent {}
