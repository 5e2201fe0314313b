import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Permission, type EndMandateDto, type MemberDto } from '@cdlp/shared';
import { catchError, forkJoin, map, of, tap } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { EndPanelComponent } from '../registry/end-panel.component';
import { RecordPageComponent } from '../ui/record-page.component';
import { DayPipe } from '../ui/dates';
import { recordResource } from '../ui/list-state';
import { appointmentKindLabel, memberName, seatLabel } from './member-labels';
import { MembersApi } from './members.api';

@Component({
  selector: 'cdlp-member-detail-page',
  imports: [RouterLink, RecordPageComponent, DayPipe, EndPanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-record-page
      [crumbs]="[{ label: 'Membres', path: '/membres' }, { label: title() }]"
      [heading]="title()"
      [success]="success()"
      [error]="record.error()"
      backLink="/membres"
      backLabel="Retour à la liste des membres"
      [loading]="!member()"
      loadingText="Chargement de la fiche…"
    >
      @if (member(); as m) {
        <ul class="cdlp-badges" aria-label="Situation du membre">
          @if (m.active) {
            <li><p class="fr-badge fr-badge--success">En fonction</p></li>
          } @else {
            <li><p class="fr-badge">Mandat terminé</p></li>
          }
          <li>
            <p class="fr-badge fr-badge--info fr-badge--no-icon">{{ seat() }}</p>
          </li>
          <li>
            <p class="fr-badge fr-badge--no-icon">
              {{ m.votingRight ? 'Voix délibérative' : 'Voix consultative' }}
            </p>
          </li>
          @if (m.excludedFromPsp) {
            <li><p class="fr-badge fr-badge--warning">Exclu des examens individuels (COMP-3)</p></li>
          }
        </ul>

        @if (canWrite() && m.active) {
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <a
                class="fr-btn fr-btn--secondary fr-icon-edit-line"
                [routerLink]="['/membres', m.id, 'modifier']"
                >Modifier</a
              >
            </li>
            <li>
              <button
                type="button"
                class="fr-btn fr-btn--tertiary fr-icon-close-circle-line"
                [attr.aria-expanded]="endFormOpen()"
                aria-controls="fin-mandat"
                (click)="endFormOpen.set(!endFormOpen())"
              >
                Mettre fin au mandat
              </button>
            </li>
          </ul>
        }

        @if (endFormOpen()) {
          <cdlp-end-panel
            panelId="fin-mandat"
            title="Mettre fin au mandat"
            intro="Le membre ne siégera plus à compter de cette date. Cette action est enregistrée au journal d'audit."
            dateLabel="Date de fin du mandat"
            reasonHint="Par exemple : démission, changement de fonctions, décès, arrêté modificatif."
            submitLabel="Confirmer la fin du mandat"
            [action]="endMandate"
            (done)="ended($event)"
            (cancel)="endFormOpen.set(false)"
          />
        }

        <h2 class="fr-h4">Identité et fonctions</h2>
        <dl class="cdlp-details">
          <dt>Catégorie</dt>
          <dd>{{ m.categoryLabel }}</dd>
          <dt>Organisme</dt>
          <dd>{{ m.organisation }}</dd>
          <dt>Fonction</dt>
          <dd>{{ m.function }}</dd>
          <dt>Association représentée</dt>
          <dd>
            @if (m.associationId) {
              <a [routerLink]="['/associations', m.associationId]">{{ m.associationName }}</a>
              <p class="fr-text--xs fr-mb-0">Ne vote pas sur les dossiers de cette association (COMP-4).</p>
            } @else {
              Aucune
            }
          </dd>
          <dt>Mode de désignation</dt>
          <dd>{{ kind() }}</dd>
          <dt>Adresse électronique</dt>
          <dd>
            @if (m.email) {
              <a class="fr-link" [href]="'mailto:' + m.email">{{ m.email }}</a>
            } @else {
              Aucune : les convocations sont envoyées par courrier (lettre à imprimer depuis la séance).
            }
          </dd>
          <dt>Adresse postale</dt>
          <dd [style.white-space]="'pre-line'">{{ m.postalAddress || 'Non renseignée' }}</dd>
          <dt>Téléphone</dt>
          <dd>{{ m.phone || 'Non renseigné' }}</dd>
        </dl>

        <h2 class="fr-h4">Mandat</h2>
        <dl class="cdlp-details">
          <dt>Arrêté de nomination</dt>
          <dd>{{ m.appointingOrderRef }}</dd>
          <dt>Début du mandat</dt>
          <dd>{{ m.termStart | day }}</dd>
          <dt>Fin prévue du mandat</dt>
          <dd>{{ m.termEnd ? (m.termEnd | day) : 'Non précisée' }}</dd>
          @if (m.endedAt) {
            <dt>Fin effective du mandat</dt>
            <dd>{{ m.endedAt | day }}</dd>
            <dt>Motif de fin</dt>
            <dd>{{ m.endReason }}</dd>
          }
          <dt>Examens individuels (COMP-3)</dt>
          <dd>
            {{
              m.excludedFromPsp
                ? 'Ne siège pas aux examens des demandes individuelles'
                : 'Siège aux examens des demandes individuelles'
            }}
          </dd>
        </dl>

        <h2 class="fr-h4">Suppléance</h2>
        @if (m.seat === 'SUPPLEANT') {
          @if (m.titulaireId) {
            <p>
              {{ seat() }} de
              <a class="fr-link" [routerLink]="['/membres', m.titulaireId]">{{
                m.titulaireName || 'son titulaire'
              }}</a
              >.
            </p>
          } @else {
            <p class="cdlp-empty">Aucun titulaire suppléé n'est indiqué.</p>
          }
        } @else if (substitutes().length > 0) {
          <p>Suppléé(e) par :</p>
          <ul>
            @for (s of substitutes(); track s.id) {
              <li>
                <a class="fr-link" [routerLink]="['/membres', s.id]">{{ s.name }}</a>
                @if (!s.active) {
                  (mandat terminé)
                }
              </li>
            }
          </ul>
        } @else {
          <p class="cdlp-empty">Aucun suppléant désigné.</p>
        }
      }
    </cdlp-record-page>
  `,
})
export class MemberDetailPage {
  private readonly api = inject(MembersApi);
  private readonly auth = inject(AuthService);

  /** Route parameter :id (component input binding). */
  readonly id = input.required<string>();

  readonly record = recordResource(this.id, (id) =>
    this.api.get(id).pipe(tap((m) => this.loadSubstitutes(m))),
  );
  readonly member = this.record.value;
  readonly substitutes = signal<{ id: string; name: string; active: boolean }[]>([]);
  readonly success = signal<string | null>(null);
  readonly canWrite = computed(() => this.auth.can(Permission.MEMBERS_WRITE));
  readonly title = computed(() => {
    const m = this.member();
    return m ? memberName(m) : 'Fiche membre';
  });
  readonly seat = computed(() => {
    const m = this.member();
    return m ? seatLabel(m) : '';
  });
  readonly kind = computed(() => {
    const m = this.member();
    return m ? appointmentKindLabel(m) : '';
  });

  readonly endFormOpen = signal(false);
  readonly endMandate = (body: EndMandateDto) => this.api.endMandate(this.id(), body);

  ended(updated: MemberDto): void {
    this.endFormOpen.set(false);
    this.member.set(updated);
    this.loadSubstitutes(updated);
    this.success.set(`Le mandat de ${memberName(updated)} a pris fin.`);
  }

  private loadSubstitutes(m: MemberDto): void {
    this.substitutes.set([]);
    if (m.substituteIds.length === 0) return;
    forkJoin(
      m.substituteIds.map((id) =>
        this.api.get(id).pipe(
          map((s) => ({ id, name: memberName(s), active: s.active })),
          catchError(() => of({ id, name: 'Suppléant', active: true })),
        ),
      ),
    ).subscribe((list) => this.substitutes.set(list));
  }
}
