import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { commissionName, type NationalDepartementDto } from '@cdlp/shared';
import { dynamicTitle } from '../core/dynamic-title';
import { createActionState } from '../ui/action-state';
import { AlertComponent } from '../ui/alert.component';
import { InstantPipe } from '../ui/dates';
import { recordResource } from '../ui/list-state';
import { RecordPageComponent } from '../ui/record-page.component';
import { accountsByRole, accountsText, stateBadge } from './departement-labels';
import { DepartementsApi } from './departements.api';

/**
 * TENANT-1: one département of the national instance (NATIONAL_ADMIN): its registry entry,
 * its account counts (never an account), and closing or reopening it. Closing ends the
 * sessions of its accounts, refuses their logins and stops its jobs; the page says so and
 * asks for a confirmation first. Nothing is deleted: reopening restores it as it was.
 */
@Component({
  selector: 'cdlp-departement-page',
  imports: [RouterLink, RecordPageComponent, AlertComponent, InstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-record-page
      [crumbs]="[{ label: 'Départements', path: '/national/departements' }, { label: title() }]"
      [heading]="title()"
      [success]="action.success()"
      [error]="record.error()"
      backLink="/national/departements"
      backLabel="Retour à la liste des départements"
      [loading]="!departement()"
      loadingText="Chargement du département…"
    >
      @if (departement(); as d) {
        <p>
          <span class="fr-badge" [class]="badge().cssClass">{{ badge().label }}</span>
        </p>
        <cdlp-alert kind="error" [text]="action.error()" />

        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <a
              class="fr-btn fr-btn--secondary fr-icon-edit-line"
              [routerLink]="['/national/departements', d.code, 'modifier']"
              >Modifier</a
            >
          </li>
          <li>
            <button
              type="button"
              class="fr-btn fr-btn--tertiary"
              [class.fr-icon-close-circle-line]="d.active"
              [class.fr-icon-refresh-line]="!d.active"
              [attr.aria-expanded]="confirming()"
              aria-controls="confirmation-etat"
              (click)="confirming.set(!confirming())"
            >
              {{ d.active ? 'Fermer le département' : 'Rouvrir le département' }}
            </button>
          </li>
        </ul>

        @if (confirming()) {
          <section id="confirmation-etat" class="cdlp-panel" aria-labelledby="confirmation-etat-titre">
            <h2 id="confirmation-etat-titre" class="fr-h4">
              {{
                d.active
                  ? 'Fermer le département ' + d.code + ' ?'
                  : 'Rouvrir le département ' + d.code + ' ?'
              }}
            </h2>
            @if (d.active) {
              <p>En fermant la {{ commission() }} :</p>
              <ul>
                <li>
                  les comptes du département ({{ accounts() }}) ne peuvent plus se connecter ; les sessions
                  ouvertes se terminent aussitôt et aucun courriel de réinitialisation du mot de passe n’est
                  plus envoyé ;
                </li>
                <li>
                  ses traitements automatiques s’arrêtent (alertes d’échéance des parcours, purge à échéance
                  de conservation…) ;
                </li>
                <li>
                  rien n’est supprimé : ses données restent en place et ses chiffres de l’année restent dans
                  les statistiques nationales.
                </li>
              </ul>
              <p>Le département peut être rouvert à tout moment.</p>
            } @else {
              <p>
                En rouvrant la {{ commission() }}, ses comptes actifs peuvent de nouveau se connecter et ses
                traitements automatiques reprennent.
              </p>
            }
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button
                  type="button"
                  class="fr-btn"
                  [disabled]="action.busy()"
                  (click)="setActive(!d.active)"
                >
                  {{ d.active ? 'Confirmer la fermeture' : 'Confirmer la réouverture' }}
                </button>
              </li>
              <li>
                <button type="button" class="fr-btn fr-btn--secondary" (click)="confirming.set(false)">
                  Annuler
                </button>
              </li>
            </ul>
          </section>
        }

        <h2 class="fr-h4">Registre</h2>
        <dl class="cdlp-details">
          <dt>Code</dt>
          <dd>{{ d.code }}</dd>
          <dt>Nom</dt>
          <dd>{{ d.name }}</dd>
          <dt>Préfecture</dt>
          <dd>{{ d.prefecture }}</dd>
          <dt>Expéditeur des courriels</dt>
          <dd>{{ d.mailSenderName || 'Non renseigné' }}</dd>
          <dt>Ouvert sur le portail le</dt>
          <dd>{{ d.createdAt | instant }}</dd>
        </dl>

        <h2 class="fr-h4">Comptes</h2>
        <p>
          {{ accounts() }}. Les comptes sont gérés par l’administration du département ; aucun n’est nommé
          ici.
        </p>
        @if (roles().length > 0) {
          <ul>
            @for (r of roles(); track r.role) {
              <li>{{ r.label }} : {{ r.count }}</li>
            }
          </ul>
        }
      }
    </cdlp-record-page>
  `,
})
export class DepartementPage {
  private readonly api = inject(DepartementsApi);

  readonly code = input.required<string>();
  readonly record = recordResource(this.code, (code) => this.api.get(code));
  readonly departement = this.record.value;
  readonly action = createActionState();
  readonly confirming = signal(false);

  readonly title = computed(() => {
    const d = this.departement();
    return d ? `${d.code} ${d.name}` : 'Département';
  });
  readonly commission = computed(() => {
    const d = this.departement();
    return d ? commissionName(d.code, d.name) : '';
  });
  readonly badge = computed(() => stateBadge(this.departement() ?? { active: true }));
  readonly accounts = computed(() => {
    const d = this.departement();
    return d ? accountsText(d).replace(/^./, (c) => c.toLowerCase()) : '';
  });
  readonly roles = computed(() => {
    const d = this.departement();
    return d ? accountsByRole(d) : [];
  });

  constructor() {
    dynamicTitle(() => (this.departement() ? `Département ${this.title()}` : null));
  }

  setActive(active: boolean): void {
    const d = this.departement();
    if (!d) return;
    // The change names every field; a département opened before sender names existed gets its commission's name.
    const mailSenderName = d.mailSenderName ?? commissionName(d.code, d.name);
    const body = { name: d.name, prefecture: d.prefecture, mailSenderName, active };
    this.action.run(this.api.update(d.code, body), (updated: NationalDepartementDto) => {
      this.departement.set(updated);
      this.confirming.set(false);
      return updated.active
        ? `Le département ${updated.code} est rouvert : ses comptes peuvent de nouveau se connecter.`
        : `Le département ${updated.code} est fermé : ses comptes ne peuvent plus se connecter et ses traitements automatiques sont arrêtés.`;
    });
  }
}
