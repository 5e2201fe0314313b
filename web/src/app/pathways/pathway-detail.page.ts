import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Permission, type PathwayDto } from '@cdlp/shared';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe } from '../ui/dates';
import { recordResource } from '../ui/list-state';
import { RecordPageComponent } from '../ui/record-page.component';
import { TableComponent } from '../ui/table.component';
import {
  endReasonLabel,
  endsInText,
  endsSoon,
  formatEuros,
  monthsText,
  pathwayStateLabel,
  residencePermitLabel,
} from './pathway-labels';
import {
  PathwayEndComponent,
  PathwayPermitComponent,
  PathwayRenewalComponent,
} from './pathway-forms.component';
import { PathwaysApi } from './pathways.api';

@Component({
  selector: 'cdlp-pathway-detail-page',
  imports: [
    RouterLink,
    AlertComponent,
    DayPipe,
    RecordPageComponent,
    TableComponent,
    PathwayPermitComponent,
    PathwayRenewalComponent,
    PathwayEndComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-record-page
      [crumbs]="[{ label: 'Parcours', path: '/parcours' }, { label: title() }]"
      [heading]="title()"
      [success]="success()"
      [error]="record.error()"
      [loading]="!pathway()"
      loadingText="Chargement du parcours…"
    >
      @if (pathway(); as p) {
        <ul class="cdlp-badges" aria-label="Situation du parcours">
          <li>
            <p
              class="fr-badge"
              [class.fr-badge--success]="p.state === 'ACTIVE'"
              [class.fr-badge--no-icon]="p.state !== 'ACTIVE'"
            >
              {{ stateLabel() }}
            </p>
          </li>
          @if (p.state === 'ACTIVE' && p.daysToPeriodEnd !== null) {
            <li>
              <p class="fr-badge" [class.fr-badge--warning]="soon()" [class.fr-badge--no-icon]="!soon()">
                {{ endsIn() }}
              </p>
            </li>
          }
        </ul>

        <h2 class="fr-h4">Durée du parcours (PSP-6)</h2>
        <dl class="cdlp-details">
          <dt>Association</dt>
          <dd>{{ p.associationName }}</dd>
          <dt>Début du parcours</dt>
          <dd>{{ p.startDate | day }}</dd>
          <dt>Fin de la période en cours</dt>
          <dd>{{ p.currentPeriodEnd | day }}</dd>
          <dt>Durée accordée</dt>
          <dd>{{ months() }}</dd>
          <dt>Durée restante possible</dt>
          <dd>{{ p.remainingMonths }} mois avant la durée maximale</dd>
        </dl>
        <div class="cdlp-meter fr-mb-3w">
          <label class="fr-label" for="duree-parcours">Part de la durée maximale déjà accordée</label>
          <meter
            id="duree-parcours"
            min="0"
            [max]="maxMonths()"
            [value]="p.totalMonths"
            [attr.aria-valuetext]="months()"
          >
            {{ months() }}
          </meter>
        </div>

        <div
          class="fr-table fr-table--no-caption"
          id="table-periodes"
          cdlpTable="Périodes du parcours"
          [columns]="['Période', 'Du', 'Au', 'Demande']"
        >
          <tbody>
            @for (period of p.periods; track period.index) {
              <tr>
                <td>
                  {{ period.index === 1 ? 'Période initiale' : 'Renouvellement ' + (period.index - 1) }}
                </td>
                <td>{{ period.startDate | day }}</td>
                <td>{{ period.endDate | day }}</td>
                <td>{{ period.requestReference }}</td>
              </tr>
            }
          </tbody>
        </div>

        <h2 class="fr-h4">Aide financière (AFIS-1)</h2>
        <p>
          Allocation financière d'insertion sociale et professionnelle :
          <strong>{{ afis() }} par mois</strong>
          aux montants en vigueur aujourd'hui.
        </p>

        <h2 class="fr-h4">Autorisation provisoire de séjour (APS-1)</h2>
        @if (p.foreigner) {
          <p>
            Statut : <strong>{{ permit() }}</strong>
            @if (p.residencePermitValidUntil) {
              , valable jusqu'au {{ p.residencePermitValidUntil | day }}
            }
          </p>
          @if (canFile() && p.state === 'ACTIVE') {
            <cdlp-pathway-permit [pathway]="p" (saved)="changed($event, permitSaved)" />
          }
        } @else {
          <p>Sans objet : la personne n'est pas de nationalité étrangère.</p>
        }

        @if (p.state === 'ENDED') {
          <h2 class="fr-h4">Fin du parcours (PSP-8)</h2>
          <dl class="cdlp-details">
            <dt>Motif</dt>
            <dd>{{ endReason() }}</dd>
            <dt>Date d'effet</dt>
            <dd>{{ p.endEffectiveDate | day }}</dd>
            @if (p.endComment) {
              <dt>Commentaire</dt>
              <dd>{{ p.endComment }}</dd>
            }
          </dl>
        } @else {
          <h2 class="fr-h4">Renouvellement (PSP-7)</h2>
          @if (p.pendingRenewalRequestId) {
            <p>
              Une demande de renouvellement est en cours :
              <a class="fr-link" [routerLink]="['/demandes', p.pendingRenewalRequestId]">voir la demande</a>.
            </p>
          } @else if (!p.canRenew) {
            <cdlp-alert kind="warning">{{
              p.renewalBlockedReason || 'Le parcours ne peut pas être renouvelé.'
            }}</cdlp-alert>
          } @else if (canFile()) {
            <cdlp-pathway-renewal [pathwayId]="p.id" />
          } @else {
            <p>Le renouvellement est possible : il est demandé par l'association.</p>
          }

          @if (canManage()) {
            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-3w">
              <li>
                <button
                  type="button"
                  class="fr-btn fr-btn--tertiary fr-icon-close-circle-line"
                  [attr.aria-expanded]="endOpen()"
                  aria-controls="fin-parcours"
                  (click)="endOpen.set(!endOpen())"
                >
                  Mettre fin au parcours
                </button>
              </li>
            </ul>
            @if (endOpen()) {
              <cdlp-pathway-end [pathway]="p" (ended)="ended($event)" (cancel)="endOpen.set(false)" />
            }
          }
        }
      }
    </cdlp-record-page>
  `,
})
export class PathwayDetailPage {
  private readonly api = inject(PathwaysApi);
  private readonly auth = inject(AuthService);

  readonly id = input.required<string>();
  readonly record = recordResource(this.id, (id) => this.api.get(id));
  readonly pathway = this.record.value;
  readonly success = signal<string | null>(null);
  readonly endOpen = signal(false);
  readonly permitSaved = "Le statut de l'autorisation provisoire de séjour a été enregistré.";

  readonly canFile = computed(() => this.auth.can(Permission.PSP_REQUESTS_FILE));
  readonly canManage = computed(() => this.auth.can(Permission.PATHWAYS_MANAGE));
  readonly title = computed(() => {
    const v = this.pathway();
    return v ? `Parcours ${v.reference}` : 'Parcours';
  });
  readonly stateLabel = computed(() => {
    const v = this.pathway();
    return v ? pathwayStateLabel(v) : '';
  });
  readonly maxMonths = computed(() => {
    const p = this.pathway();
    return p ? p.totalMonths + p.remainingMonths : 24;
  });
  readonly months = computed(() => monthsText(this.pathway()?.totalMonths ?? 0, this.maxMonths()));
  readonly endsIn = computed(() => endsInText(this.pathway()?.daysToPeriodEnd ?? null));
  readonly soon = computed(() => {
    const p = this.pathway();
    return !!p && endsSoon(p);
  });
  readonly afis = computed(() => formatEuros(this.pathway()?.afisMonthlyAmount ?? 0));
  readonly permit = computed(() => {
    const v = this.pathway();
    return v ? residencePermitLabel(v) : '';
  });
  readonly endReason = computed(() => {
    const v = this.pathway();
    return v ? endReasonLabel(v) : '';
  });

  constructor() {
    dynamicTitle(() => (this.pathway() ? this.title() : null));
  }

  changed(p: PathwayDto, message: string): void {
    this.pathway.set(p);
    this.success.set(message);
  }

  ended(p: PathwayDto): void {
    this.endOpen.set(false);
    this.changed(p, `Le parcours ${p.reference} a pris fin.`);
  }
}
