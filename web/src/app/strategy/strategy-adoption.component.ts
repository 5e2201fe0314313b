import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { FormControl } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { SittingListItemDto, StrategyDto } from '@cdlp/shared';
import { NoticeComponent } from '../ui/alert.component';
import { Option, SelectFieldComponent } from '../ui/form-fields';

/**
 * STRAT-1, MEET-1, SIG-1: where the strategy stands on its way to adoption: put on the agenda of
 * a policy sitting, voted, then signed by the préfet. The page runs the actions.
 */
@Component({
  selector: 'cdlp-strategy-adoption',
  imports: [RouterLink, NoticeComponent, SelectFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cdlp-panel" aria-labelledby="adoption-titre">
      <h2 id="adoption-titre" class="fr-h4">Adoption et signature</h2>
      @switch (s().state) {
        @case ('DRAFT') {
          <p>
            La version {{ s().currentVersion }} est en cours de rédaction. Elle s'adopte par un vote de la
            commission lors d'une séance consacrée à la stratégie et à la coordination (MEET-1), puis le
            préfet la signe.
          </p>
          @if (canEdit()) {
            @if (sittings() === null) {
              <p role="status">Chargement des séances…</p>
            } @else if (sittingOptions().length === 0) {
              <div cdlpNotice class="fr-mb-2w">
                Aucune séance « Stratégie et coordination » programmée ou convoquée n'est à venir.
              </div>
              @if (canManageSittings()) {
                <p><a class="fr-link" routerLink="/seances/nouvelle">Programmer une séance</a></p>
              }
            } @else {
              <form (submit)="$event.preventDefault(); putOnAgenda.emit()" novalidate class="fr-mt-2w">
                <cdlp-select
                  fieldId="sittingId"
                  label="Séance"
                  hint="Séances « Stratégie et coordination » programmées ou convoquées à venir"
                  [options]="sittingOptions()"
                  [control]="sittingControl()"
                  [serverError]="agendaFieldError()"
                  [submitted]="agendaSubmitted()"
                />
                <button
                  type="submit"
                  class="fr-btn fr-icon-calendar-line fr-btn--icon-left"
                  [disabled]="busy()"
                >
                  Inscrire à une séance
                </button>
              </form>
            }
          }
        }
        @case ('ON_AGENDA') {
          <p>
            La version {{ s().currentVersion }} est inscrite à l'ordre du jour
            @if (s().agendaSittingId) {
              de la <a class="fr-link" [routerLink]="['/seances', s().agendaSittingId]">séance</a>
            }
            et sera soumise au vote de la commission. Elle ne peut plus être modifiée tant qu'elle y est
            inscrite.
          </p>
          @if (canEdit()) {
            <button
              type="button"
              class="fr-btn fr-btn--secondary fr-icon-close-circle-line fr-btn--icon-left"
              [disabled]="busy()"
              (click)="withdraw.emit()"
            >
              Retirer de l'ordre du jour
            </button>
          }
        }
        @case ('ADOPTED') {
          <p>
            La commission a adopté la version {{ s().adoptedVersion }}. Elle ne change plus : le suivi annuel
            se fait sur cette version. Elle attend la signature du préfet (SIG-1).
          </p>
          @if (canSign()) {
            <button
              type="button"
              class="fr-btn fr-icon-edit-line fr-btn--icon-left"
              [disabled]="busy()"
              (click)="sign.emit()"
            >
              Signer la stratégie
            </button>
          }
        }
        @case ('SIGNED') {
          <p>La version {{ s().adoptedVersion }}, adoptée par la commission, a été signée par le préfet.</p>
          @if (s().signedDocumentId) {
            <p>
              <a class="fr-link fr-icon-download-line fr-link--icon-left" [href]="signedUrl()" download>
                Télécharger la stratégie signée (PDF)
              </a>
            </p>
          }
        }
      }
    </section>
  `,
})
export class StrategyAdoptionComponent {
  readonly s = input.required<StrategyDto>({ alias: 'strategy' });
  readonly canEdit = input(false);
  readonly canSign = input(false);
  readonly canManageSittings = input(false);
  readonly busy = input(false);
  /** The upcoming policy sittings; null while they load. */
  readonly sittings = input<SittingListItemDto[] | null>(null);
  readonly sittingOptions = input<Option[]>([]);
  readonly sittingControl = input.required<FormControl<string>>();
  readonly agendaFieldError = input<string | null>(null);
  readonly agendaSubmitted = input(false);
  readonly signedUrl = input('');
  readonly putOnAgenda = output<void>();
  readonly withdraw = output<void>();
  readonly sign = output<void>();
}
