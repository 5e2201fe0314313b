import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Permission, type DeliberationDto, type SittingDto } from '@cdlp/shared';
import { catchError, forkJoin, of, Subject, switchMap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { dynamicTitle } from '../core/dynamic-title';
import { AuthService } from '../core/auth.service';
import { FlashService } from '../core/flash.service';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { LongInstantPipe } from '../ui/dates';
import { focusFirstError, InputFieldComponent, validateAndFocus } from '../ui/form-fields';
import { AgendaComponent } from './agenda.component';
import { ConvocationComponent } from './convocation.component';
import { DeliberationComponent } from './deliberation.component';
import { DeliberationApi } from './deliberation.api';
import { MyAnswerComponent } from './my-answer.component';
import { RegisterComponent } from './register.component';
import { SittingLiveService } from './sitting-live.service';
import { modeText, sittingStateBadge, sittingStateLabel, sittingTitle } from './sitting-labels';
import { SittingsApi } from './sittings.api';

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * The sitting page: details, live quorum (server-sent events), agenda, convocation, answers,
 * presence register, opening and closing, second convocation (QUOR-2) and the votes.
 */
@Component({
  selector: 'cdlp-sitting-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    LongInstantPipe,
    InputFieldComponent,
    AgendaComponent,
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
        @if (success(); as message) {
          <cdlp-alert kind="success">{{ message }}</cdlp-alert>
        }
        @if (actionError(); as message) {
          <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        }

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
          <section class="cdlp-panel cdlp-quorum" aria-labelledby="quorum-titre">
            <h2 id="quorum-titre" class="fr-h4">Quorum</h2>
            <p class="fr-text--sm fr-mb-1w">
              {{
                s.state === 'CONVENED'
                  ? "Prévision d'après les réponses des membres."
                  : "D'après le registre de présence."
              }}
            </p>
            <p class="fr-text--lg fr-mb-1w" id="quorum-texte" aria-live="polite" aria-atomic="true">
              <span
                class="fr-badge"
                [class.fr-badge--success]="s.quorum.reached"
                [class.fr-badge--warning]="!s.quorum.reached"
              >
                {{ s.quorum.reached ? 'Quorum atteint' : 'Quorum non atteint' }}
              </span>
              {{ s.quorum.text }}
            </p>
            <p class="fr-text--sm fr-mb-0">
              Présents : {{ s.quorum.present }} - à distance : {{ s.quorum.remote }} - représentés :
              {{ s.quorum.represented }} (règle {{ s.quorum.rule }}).
            </p>
          </section>
        }

        @if (canChair()) {
          <div class="cdlp-actions">
            @if (s.state === 'CONVENED') {
              <button
                type="button"
                class="fr-btn fr-icon-lock-unlock-line fr-btn--icon-left"
                [disabled]="busy()"
                (click)="openSitting()"
              >
                Ouvrir la séance
              </button>
            }
            @if (s.state === 'OPEN') {
              <button
                type="button"
                class="fr-btn fr-btn--secondary fr-icon-lock-line fr-btn--icon-left"
                [disabled]="busy()"
                (click)="closeSitting()"
              >
                Clore la séance
              </button>
            }
          </div>
        }

        @if (canSecondConvocation()) {
          <section class="cdlp-panel" aria-labelledby="seconde-titre">
            <h2 id="seconde-titre" class="fr-h4">Seconde convocation (QUOR-2)</h2>
            <p>
              Le quorum n'est pas atteint : la commission ne peut pas délibérer. Une seconde convocation sur
              le même ordre du jour permet de délibérer sans condition de quorum. La séance actuelle est alors
              close.
            </p>
            <form [formGroup]="secondForm" (ngSubmit)="secondConvocation()" novalidate>
              <cdlp-input
                fieldId="secondStartsAt"
                label="Date et heure de la seconde séance"
                hint="Heure de Paris"
                type="datetime-local"
                [control]="secondForm.controls.startsAtLocal"
                [serverError]="secondErrors()['startsAtLocal']"
                [submitted]="secondSubmitted()"
              />
              <cdlp-input
                fieldId="secondPlace"
                label="Lieu"
                [optional]="true"
                [hint]="'Par défaut : ' + (s.place || 'le même lieu')"
                [control]="secondForm.controls.place"
                [serverError]="secondErrors()['place']"
              />
              <button type="submit" class="fr-btn" [disabled]="busy()">
                Envoyer une seconde convocation
              </button>
            </form>
          </section>
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
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly live = inject(SittingLiveService);

  readonly id = input.required<string>();
  readonly sitting = signal<SittingDto | null>(null);
  readonly deliberation = signal<DeliberationDto | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly busy = signal(false);
  readonly secondSubmitted = signal(false);
  readonly secondErrors = signal<Record<string, string>>({});
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

  readonly secondForm = new FormGroup({
    startsAtLocal: new FormControl('', {
      nonNullable: true,
      validators: [
        Validators.required,
        (c) =>
          c.value && !LOCAL.test(String(c.value)) ? { message: 'Format attendu : AAAA-MM-JJTHH:MM.' } : null,
      ],
    }),
    place: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(300)] }),
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

  secondConvocation(): void {
    this.secondSubmitted.set(true);
    this.secondErrors.set({});
    if (!validateAndFocus(this.secondForm, this.host.nativeElement, this.injector)) return;
    const v = this.secondForm.getRawValue();
    this.busy.set(true);
    this.api
      .secondConvocation(this.id(), {
        startsAtLocal: v.startsAtLocal,
        ...(v.place.trim() ? { place: v.place.trim() } : {}),
      })
      .subscribe({
        next: (second) => {
          this.busy.set(false);
          this.flash.show(
            'success',
            `La seconde convocation (séance n° ${second.number}) est créée sur le même ordre du jour : envoyez-la aux membres.`,
          );
          void this.router.navigate(['/seances', second.id]);
        },
        error: (err: unknown) => {
          this.busy.set(false);
          const apiError = toApiError(err);
          this.actionError.set(apiError.message);
          this.secondErrors.set(apiError.fieldErrors);
          focusFirstError(this.host.nativeElement, this.injector);
        },
      });
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

  private run(call: ReturnType<SittingsApi['get']>, message: (s: SittingDto) => string): void {
    this.busy.set(true);
    this.actionError.set(null);
    this.success.set(null);
    call.subscribe({
      next: (s) => {
        this.busy.set(false);
        this.update(s);
        this.success.set(message(s));
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.actionError.set(toApiError(err).message);
      },
    });
  }
}
