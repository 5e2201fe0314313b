import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { parisDate, Permission, type AssociationDto, type EndAssociationDto } from '@cdlp/shared';
import { AuthService } from '../core/auth.service';
import { EndPanelComponent } from '../registry/end-panel.component';
import { RecordPageComponent } from '../ui/record-page.component';
import { DayPipe } from '../ui/dates';
import { recordResource } from '../ui/list-state';
import { approvalBadge } from './approval-badge';
import { AssociationsApi } from './associations.api';

@Component({
  selector: 'cdlp-association-detail-page',
  imports: [RouterLink, RecordPageComponent, DayPipe, EndPanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-record-page
      [crumbs]="[{ label: 'Associations', path: '/associations' }, { label: title() }]"
      [heading]="title()"
      [success]="success()"
      [error]="record.error()"
      backLink="/associations"
      backLabel="Retour à la liste des associations"
      [loading]="!association()"
      loadingText="Chargement de la fiche…"
    >
      @if (association(); as a) {
        <p>
          <span [class]="badge().cssClass">{{ badge().label }}</span>
        </p>

        @if (canWrite() && a.active) {
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <a
                class="fr-btn fr-btn--secondary fr-icon-edit-line"
                [routerLink]="['/associations', a.id, 'modifier']"
                >Modifier</a
              >
            </li>
            <li>
              <button
                type="button"
                class="fr-btn fr-btn--tertiary fr-icon-close-circle-line"
                [attr.aria-expanded]="endFormOpen()"
                aria-controls="fin-agrement"
                (click)="endFormOpen.set(!endFormOpen())"
              >
                Mettre fin à l'agrément
              </button>
            </li>
          </ul>
        }

        @if (endFormOpen()) {
          <cdlp-end-panel
            panelId="fin-agrement"
            title="Mettre fin à l'agrément"
            intro="À compter de cette date, l'association ne pourra plus présenter de demande (PSP-2)."
            dateLabel="Date de fin de l'agrément"
            reasonHint="Par exemple : retrait de l'agrément, dissolution, renonciation."
            submitLabel="Confirmer la fin de l'agrément"
            [action]="end"
            (done)="ended($event)"
            (cancel)="endFormOpen.set(false)"
          />
        }

        <h2 class="fr-h4">Coordonnées</h2>
        <dl class="cdlp-details">
          <dt>Adresse électronique</dt>
          <dd>
            <a class="fr-link" [href]="'mailto:' + a.email">{{ a.email }}</a>
          </dd>
          <dt>Téléphone</dt>
          <dd>{{ a.phone || 'Non renseigné' }}</dd>
          <dt>Adresse postale</dt>
          <dd>{{ a.address || 'Non renseignée' }}</dd>
        </dl>
        <h2 class="fr-h4">Agrément (PSP-2)</h2>
        <dl class="cdlp-details">
          <dt>Arrêté d'agrément</dt>
          <dd>{{ a.approvalOrderRef }}</dd>
          <dt>Début de l'agrément</dt>
          <dd>{{ a.approvalStart | day }}</dd>
          <dt>Fin de l'agrément</dt>
          <dd>{{ a.approvalEnd | day }} (3 ans)</dd>
          <dt>Départements couverts</dt>
          <dd>{{ a.departementCodes.join(', ') }}</dd>
          @if (a.endedAt) {
            <dt>Fin anticipée</dt>
            <dd>{{ a.endedAt | day }}</dd>
            <dt>Motif</dt>
            <dd>{{ a.endReason }}</dd>
          }
        </dl>
      }
    </cdlp-record-page>
  `,
})
export class AssociationDetailPage {
  private readonly api = inject(AssociationsApi);
  private readonly auth = inject(AuthService);

  readonly id = input.required<string>();
  readonly record = recordResource(this.id, (id) => this.api.get(id));
  readonly association = this.record.value;
  readonly success = signal<string | null>(null);
  readonly canWrite = computed(() => this.auth.can(Permission.ASSOCIATIONS_WRITE));
  readonly title = computed(() => this.association()?.name ?? "Fiche de l'association");
  readonly badge = computed(() => {
    const a = this.association();
    return a ? approvalBadge(a, parisDate(new Date())) : { label: '', cssClass: '' };
  });

  readonly endFormOpen = signal(false);
  readonly end = (body: EndAssociationDto) => this.api.end(this.id(), body);

  ended(updated: AssociationDto): void {
    this.endFormOpen.set(false);
    this.association.set(updated);
    this.success.set(`L'agrément de ${updated.name} a pris fin.`);
  }
}
