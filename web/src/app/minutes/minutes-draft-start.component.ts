import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { NoticeComponent } from '../ui/alert.component';

/** PV-1: before the minutes exist, the secretariat drafts them from the records of a closed sitting. */
@Component({
  selector: 'cdlp-minutes-draft-start',
  imports: [NoticeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div cdlpNotice class="fr-mb-4w">Le procès-verbal n'a pas encore été rédigé.</div>
    @if (canEdit()) {
      @if (sittingClosed()) {
        <p>
          La séance est close : le procès-verbal est établi à partir des registres (présences, quorum,
          convocation, votes, déports et positions divergentes). Vous compléterez ensuite l'introduction et
          les notes des points.
        </p>
        <button
          type="button"
          class="fr-btn fr-icon-file-text-line fr-btn--icon-left"
          [disabled]="busy()"
          (click)="draft.emit()"
        >
          Rédiger le procès-verbal
        </button>
      } @else {
        <p>Le procès-verbal se rédige une fois la séance close.</p>
      }
    }
  `,
})
export class MinutesDraftStartComponent {
  readonly canEdit = input(false);
  readonly sittingClosed = input(false);
  readonly busy = input(false);
  readonly draft = output<void>();
}
