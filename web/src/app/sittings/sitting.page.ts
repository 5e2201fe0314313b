import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { Permission, type DeliberationDto, type SittingDto } from '@cdlp/shared';
import { catchError, forkJoin, Observable, of, Subject, switchMap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { createActionState } from '../ui/action-state';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { LongInstantPipe } from '../ui/dates';
import { AgendaComponent } from './agenda.component';
import { AttendanceListComponent } from './attendance-list.component';
import { ConvocationComponent } from './convocation.component';
import { DeliberationComponent } from './deliberation.component';
import { DeliberationApi } from './deliberation.api';
import { MyAnswerComponent } from './my-answer.component';
import { RegisterComponent } from './register.component';
import { SittingLiveService } from './sitting-live.service';
import { QuorumComponent, SecondConvocationComponent } from './sitting-quorum.component';
import { modeText, sittingStateBadge, sittingStateLabel, sittingTitle } from './sitting-labels';
import { SittingsApi } from './sittings.api';

/**
 * The sitting page: details, live quorum (server-sent events), agenda, convocation, answers,
 * presence register, opening and closing, second convocation (QUOR-2) and the votes.
 */
@Component({
  selector: 'cdlp-sitting-page',
  imports: [
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    LongInstantPipe,
    QuorumComponent,
    SecondConvocationComponent,
    AgendaComponent,
    AttendanceListComponent,
    ConvocationComponent,
    MyAnswerComponent,
    RegisterComponent,
    DeliberationComponent,
  ],
  providers: [SittingLiveService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="[{ label: 'Séances', path: '/seances' }, { label: title() }]" />
      <h1>{{ title() }}</h1>
      @if (loadError(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        <p><a class="fr-link" routerLink="/seances">Retour à la liste des séances</a></p>
      }
      @if (sitting(); as s) {
        <p class="fr-text--sm cdlp-live" [class.cdlp-live--off]="live.status() !== 'live'" role="status">
          @switch (live.status()) {
            @case ('live') {
              Mise à jour en direct.
            }
            @case ('reconnecting') {
              Connexion interrompue : reconnexion en cours…
            }
            @default {
              Connexion au direct…
            }
          }
        </p>
        <ul class="cdlp-badges" aria-label="Situation de la séance">
          <li>
            <p class="fr-badge" [class]="stateBadge()" id="etat-seance">{{ stateLabel() }}</p>
          </li>
          <li>
            <p class="fr-badge fr-badge--no-icon">{{ mode() }}</p>
          </li>
          @if (s.urgent) {
            <li><p class="fr-badge fr-badge--warning">Convocation en urgence</p></li>
          }
          @if (s.secondConvocationOfId) {
            <li><p class="fr-badge fr-badge--info">Seconde convocation : sans condition de quorum</p></li>
          }
        </ul>
        <cdlp-alert kind="success" [text]="actions.success()" />
        <cdlp-alert kind="error" [text]="actions.error()" />

        <dl class="cdlp-details">
          @if (s.mode === 'WRITTEN') {
            <dt>Ouverture</dt>
            <dd>{{ s.opensAt | longInstant }}</dd>
            <dt>Clôture au plus tôt</dt>
            <dd>{{ s.earliestCloseAt | longInstant }}</dd>
          } @else {
            <dt>Date</dt>
            <dd>{{ s.startsAt | longInstant }}</dd>
          }
          @if (s.place) {
            <dt>Lieu</dt>
            <dd>{{ s.place }}</dd>
          }
          @if (s.videoLink) {
            <dt>Visioconférence</dt>
            <dd>
              <a class="fr-link" [href]="s.videoLink" target="_blank" rel="noopener"
                >{{ s.videoLink }}<span class="fr-sr-only"> - nouvelle fenêtre</span></a
              >
            </dd>
          }
          @if (s.secondConvocationOfId) {
            <dt>Première convocation</dt>
            <dd>
              <a class="fr-link" [routerLink]="['/seances', s.secondConvocationOfId]"
                >Voir la séance sans quorum</a
              >
            </dd>
          }
          @if (s.secondConvocationId) {
            <dt>Seconde convocation</dt>
            <dd>
              <a class="fr-link" [routerLink]="['/seances', s.secondConvocationId]"
                >Voir la seconde convocation (QUOR-2)</a
              >
            </dd>
          }
          <dt>Documents</dt>
          <dd>
            <a
              class="fr-link fr-icon-download-line fr-link--icon-left"
              [href]="pdfUrl()"
              target="_blank"
              rel="noopener"
            >
              Ordre du jour (PDF)<span class="fr-sr-only"> - nouvelle fenêtre</span></a
            >
            <br />
            <a class="fr-link fr-icon-calendar-line fr-link--icon-left" [href]="icsUrl()" download
              >Ajouter à mon agenda (.ics)</a
            >
          </dd>
        </dl>
        @if (canManage() && (s.state === 'PLANNED' || s.state === 'CONVENED')) {
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <a
                class="fr-btn fr-btn--secondary fr-icon-edit-line"
                [routerLink]="['/seances', s.id, 'modifier']"
                >Modifier la séance</a
              >
            </li>
          </ul>
        }

        @if (showQuorum()) {
          <cdlp-quorum [sitting]="s" />
        }

        @if (canChair()) {
          <div class="cdlp-actions">
            @if (s.state === 'CONVENED') {
              <button
                type="button"
                class="fr-btn fr-icon-lock-unlock-line fr-btn--icon-left"
                [disabled]="actions.busy()"
                (click)="openSitting()"
              >
                Ouvrir la séance
              </button>
            }
            @if (s.state === 'OPEN') {
              <button
                type="button"
                class="fr-btn fr-btn--secondary fr-icon-lock-line fr-btn--icon-left"
                [disabled]="actions.busy()"
                (click)="closeSitting()"
              >
                Clore la séance
              </button>
            }
          </div>
        }

        @if (canSecondConvocation()) {
          <cdlp-second-convocation [sitting]="s" />
        }

        @if (canAnswer()) {
          <cdlp-my-answer [sitting]="s" (changed)="update($event)" />
        }

        @if (deliberation(); as d) {
          @if (showVotes()) {
            <cdlp-deliberation
              [sitting]="s"
              [deliberation]="d"
              [canChair]="canChair()"
              [canManage]="canManage()"
              (changed)="deliberation.set($event)"
            />
          }
        }

        <cdlp-agenda [sitting]="s" [canManage]="canManage()" (changed)="update($event)" />

        @if (canManage() && s.state !== 'CANCELLED') {
          <cdlp-convocation [sitting]="s" (changed)="update($event)" />
        }

        @if (canChair() && s.mode !== 'WRITTEN' && (s.state === 'CONVENED' || s.state === 'OPEN')) {
          <cdlp-register [sitting]="s" (changed)="update($event)" />
        }

        @if (showAttendance()) {
          <cdlp-attendance-list [sitting]="s" />
        }
      } @else if (!loadError()) {
        <p role="status">Chargement de la séance…</p>
      }
    </div>
  `,
})
export class SittingPage implements OnInit {
  private readonly api = inject(SittingsApi);
  private readonly deliberationApi = inject(DeliberationApi);
  private readonly auth = inject(AuthService);
  readonly live = inject(SittingLiveService);

  readonly id = input.required<string>();
  readonly sitting = signal<SittingDto | null>(null);
  readonly deliberation = signal<DeliberationDto | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly actions = createActionState();
  private readonly reloadDeliberation = new Subject<void>();

  readonly canManage = computed(() => this.auth.can(Permission.SITTINGS_MANAGE));
  readonly canChair = computed(() => this.auth.can(Permission.SITTINGS_CHAIR));
  readonly canAnswer = computed(() => this.auth.can(Permission.SITTINGS_ANSWER));
  readonly title = computed(() => {
    const v = this.sitting();
    return v ? sittingTitle(v) : 'Séance';
  });
  readonly stateLabel = computed(() => {
    const v = this.sitting();
    return v ? sittingStateLabel(v.state) : '';
  });
  readonly stateBadge = computed(() => {
    const v = this.sitting();
    return v ? sittingStateBadge(v.state) : '';
  });
  readonly mode = computed(() => {
    const v = this.sitting();
    return v ? modeText(v) : '';
  });
  readonly pdfUrl = computed(() => this.api.agendaPdfUrl(this.id()));
  readonly icsUrl = computed(() => this.api.icsUrl(this.id()));
  readonly showQuorum = computed(() => {
    const s = this.sitting();
    return !!s && ['CONVENED', 'OPEN', 'CLOSED', 'MINUTES_DRAFTED', 'MINUTES_SIGNED'].includes(s.state);
  });
  /** PV-1 / MEMB-1: the attendance list once the register holds (from the opening). */
  readonly showAttendance = computed(() => {
    const s = this.sitting();
    return (
      !!s && s.mode !== 'WRITTEN' && ['OPEN', 'CLOSED', 'MINUTES_DRAFTED', 'MINUTES_SIGNED'].includes(s.state)
    );
  });
  readonly showVotes = computed(() => {
    const s = this.sitting();
    const d = this.deliberation();
    if (!s || !d) return false;
    return (
      ['OPEN', 'CLOSED', 'MINUTES_DRAFTED', 'MINUTES_SIGNED'].includes(s.state) ||
      d.items.some((i) => i.voteState !== 'NOT_OPENED')
    );
  });
  /** QUOR-2: offered when the sitting opened without quorum. */
  readonly canSecondConvocation = computed(() => {
    const s = this.sitting();
    return (
      !!s &&
      this.canManage() &&
      s.state === 'OPEN' &&
      !s.quorum.reached &&
      !s.secondConvocationId &&
      !s.secondConvocationOfId
    );
  });

  constructor() {
    dynamicTitle(() => (this.sitting() ? this.title() : null));
    this.reloadDeliberation
      .pipe(
        switchMap(() => this.deliberationApi.get(this.id()).pipe(catchError(() => of(null)))),
        takeUntilDestroyed(),
      )
      .subscribe((d) => {
        if (d) this.deliberation.set(d);
      });
  }

  ngOnInit(): void {
    this.load(true);
  }

  update(s: SittingDto): void {
    this.sitting.set(s);
    this.reloadDeliberation.next();
  }

  openSitting(): void {
    this.run(this.api.open(this.id()), (s) =>
      s.quorum.reached
        ? `La séance est ouverte : ${s.quorum.text}.`
        : `La séance est ouverte, mais ${s.quorum.text} : la commission ne peut pas délibérer. Envoyez une seconde convocation (QUOR-2).`,
    );
  }

  closeSitting(): void {
    this.run(this.api.close(this.id()), () => 'La séance est close.');
  }

  private load(connect: boolean): void {
    forkJoin({
      sitting: this.api.get(this.id()),
      deliberation: this.deliberationApi.get(this.id()).pipe(catchError(() => of(null))),
    }).subscribe({
      next: ({ sitting, deliberation }) => {
        this.sitting.set(sitting);
        this.deliberation.set(deliberation);
        if (connect) {
          this.live.connect(this.api.eventsUrl(this.id()), {
            sitting: (s) => this.update(s),
            reconnected: () => this.load(false),
          });
        }
      },
      error: (err: unknown) => this.loadError.set(toApiError(err).message),
    });
  }

  private run(call: Observable<SittingDto>, message: (s: SittingDto) => string): void {
    this.actions.run(
      call,
      (s) => {
        this.update(s);
        return message(s);
      },
      { focusTop: false },
    );
  }
}
