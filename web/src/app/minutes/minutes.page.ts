import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { HttpErrorResponse } from '@angular/common/http';
import {
  Permission,
  type MinutesDto,
  type MinutesItemDto,
  type SignedDocumentDto,
  type SittingDto,
} from '@cdlp/shared';
import { catchError, forkJoin, of, throwError } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { SittingsApi } from '../sittings/sittings.api';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { InputFieldComponent } from '../ui/form-fields';
import { ProgressComponent } from '../ui/progress.component';
import { MinutesApi } from './minutes.api';
import { MinutesItemsComponent, NotesForm } from './minutes-items.component';
import { MinutesRecordComponent } from './minutes-record.component';
import { MinutesDocumentsComponent, MinutesSignatureComponent } from './minutes-signature.component';
import { MinutesValidityComponent } from './minutes-validity.component';
import { MinutesDraftStartComponent } from './minutes-draft-start.component';

/**
 * PV-1, SIG-1: the procès-verbal of a sitting. The secretariat drafts it from the records and
 * writes the free text; the president signs it; everyone who sees the sitting downloads the
 * signed versions.
 */
@Component({
  selector: 'cdlp-minutes-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    MinutesDraftStartComponent,
    BreadcrumbComponent,
    InputFieldComponent,
    MinutesValidityComponent,
    MinutesRecordComponent,
    MinutesItemsComponent,
    MinutesSignatureComponent,
    MinutesDocumentsComponent,
    ProgressComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[
          { label: 'Séances', path: '/seances' },
          { label: sittingLabel(), path: '/seances/' + id() },
          { label: 'Procès-verbal' },
        ]"
      />
      <h1>{{ title() }}</h1>

      @if (loadError(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        <p><a class="fr-link" routerLink="/seances">Retour à la liste des séances</a></p>
      }
      <cdlp-alert kind="success" [text]="success()" />
      <cdlp-alert kind="error" [text]="actionError()" />
      @if (working(); as w) {
        <cdlp-progress
          [label]="w"
          text="Opération en cours, veuillez patienter : cela peut prendre quelques secondes."
        />
      }

      @if (loaded()) {
        <p>
          <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" [routerLink]="['/seances', id()]"
            >Retour à la séance</a
          >
        </p>

        @if (minutes(); as m) {
          <ul class="cdlp-badges" aria-label="Situation du procès-verbal">
            <li>
              @if (m.state === 'SIGNED') {
                <p class="fr-badge fr-badge--success" id="etat-pv">Signé - version {{ m.version }}</p>
              } @else {
                <p class="fr-badge fr-badge--info" id="etat-pv">Projet - version {{ m.version }}</p>
              }
            </li>
          </ul>
        } @else {
          <cdlp-minutes-draft-start
            [canEdit]="canEdit()"
            [sittingClosed]="sittingClosed()"
            [busy]="busy()"
            (draft)="draft()"
          />
        }

        @if (minutes(); as m) {
          @if (!showContent()) {
            <p>
              Le procès-verbal est en cours de rédaction. Vous le recevrez par courriel une fois signé par la
              présidence.
            </p>
          } @else {
            @if (m.state === 'DRAFT') {
              <p>
                <a
                  class="fr-link fr-icon-file-text-line fr-link--icon-left"
                  [href]="draftPdfUrl()"
                  target="_blank"
                  rel="noopener"
                >
                  Aperçu du projet de procès-verbal (PDF)<span class="fr-sr-only"> - nouvelle fenêtre</span>
                </a>
              </p>
            }

            <cdlp-minutes-record [minutes]="m" />

            <section class="fr-mb-4w" aria-labelledby="introduction-titre">
              <h2 id="introduction-titre" class="fr-h4">Introduction</h2>
              @if (editable()) {
                <cdlp-input
                  fieldId="introduction"
                  label="Introduction du procès-verbal"
                  hint="Texte libre placé avant les points de l'ordre du jour (8 000 caractères au plus)."
                  [optional]="true"
                  [multiline]="true"
                  [rows]="5"
                  [control]="introduction"
                  [serverError]="fieldErrors()['introduction']"
                />
              } @else if (m.introduction) {
                <p class="cdlp-prewrap">{{ m.introduction }}</p>
              } @else {
                <p class="cdlp-empty">Pas d'introduction.</p>
              }
            </section>

            <cdlp-minutes-items
              [minutes]="m"
              [editable]="editable()"
              [busy]="busy()"
              [notesForms]="notesForms()"
              (saveNotes)="saveNotes($event)"
            />

            <cdlp-minutes-validity
              [minutes]="m"
              [editable]="editable()"
              [busy]="busy()"
              [justifications]="justifications()"
              [justificationsError]="fieldErrors()['justifications']"
              (save)="save()"
            />

            @if (m.state === 'DRAFT' && canSignDocuments()) {
              <cdlp-minutes-signature
                [minutes]="m"
                [blockingRules]="blockingRules()"
                [busy]="busy()"
                (sign)="sign()"
              />
            }
          }
        }

        @if (documents().length > 0 || minutes()?.state === 'SIGNED') {
          <cdlp-minutes-documents
            [minutes]="minutes()"
            [documents]="documents()"
            [canEdit]="canEdit()"
            [busy]="busy()"
            (newVersion)="newVersion()"
          />
        }
      } @else if (!loadError()) {
        <p role="status">Chargement du procès-verbal…</p>
      }
    </div>
  `,
})
export class MinutesPage implements OnInit {
  private readonly api = inject(MinutesApi);
  private readonly sittingsApi = inject(SittingsApi);
  private readonly auth = inject(AuthService);

  /** Route parameter :id, the sitting. */
  readonly id = input.required<string>();
  readonly sitting = signal<SittingDto | null>(null);
  readonly minutes = signal<MinutesDto | null>(null);
  readonly documents = signal<SignedDocumentDto[]>([]);
  readonly loaded = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});
  readonly success = signal<string | null>(null);
  readonly busy = signal(false);
  /** The long action under way (drafting, signing), shown with a progress indicator. */
  readonly working = signal<string | null>(null);

  readonly introduction = new FormControl('', {
    nonNullable: true,
    validators: [Validators.maxLength(8000)],
  });
  readonly justifications = signal<Record<string, FormControl<string>>>({});
  readonly notesForms = signal<Record<string, NotesForm>>({});

  readonly canEdit = computed(() => this.auth.can(Permission.MINUTES_EDIT));
  readonly canSignDocuments = computed(() => this.auth.can(Permission.DOCUMENTS_SIGN));
  readonly sittingLabel = computed(() => {
    const s = this.sitting();
    return s ? `Séance n° ${s.number}` : 'Séance';
  });
  readonly title = computed(() =>
    this.sitting() ? `Procès-verbal de la séance n° ${this.sitting()?.number}` : 'Procès-verbal de la séance',
  );
  readonly sittingClosed = computed(
    () => this.sitting()?.state === 'CLOSED' || this.sitting()?.state === 'MINUTES_DRAFTED',
  );
  readonly editable = computed(() => this.canEdit() && this.minutes()?.state === 'DRAFT');
  /** A draft is for the secretariat and the president; the signed minutes are for everyone who sees the sitting. */
  readonly showContent = computed(() => {
    const m = this.minutes();
    return !!m && (m.state === 'SIGNED' || this.canEdit() || this.canSignDocuments());
  });
  readonly blockingRules = computed(() =>
    (this.minutes()?.validity ?? []).filter((v) => !v.ok && !v.justification).map((v) => v.rule),
  );
  readonly draftPdfUrl = computed(() => this.api.draftPdfUrl(this.id()));

  constructor() {
    dynamicTitle(() => (this.sitting() ? this.title() : null));
  }

  ngOnInit(): void {
    forkJoin({
      sitting: this.sittingsApi.get(this.id()),
      minutes: this.api
        .get(this.id())
        .pipe(
          catchError((err: unknown) =>
            err instanceof HttpErrorResponse && err.status === 409 ? of(null) : throwError(() => err),
          ),
        ),
      documents: this.api.documents(this.id()).pipe(catchError(() => of([] as SignedDocumentDto[]))),
    }).subscribe({
      next: ({ sitting, minutes, documents }) => {
        this.sitting.set(sitting);
        this.documents.set(documents);
        this.show(minutes);
        this.loaded.set(true);
      },
      error: (err: unknown) => this.loadError.set(toApiError(err).message),
    });
  }

  draft(): void {
    this.run(
      this.api.draft(this.id()),
      () => 'Le projet de procès-verbal est rédigé à partir des registres de la séance.',
      false,
      'Rédaction du procès-verbal à partir des registres de la séance',
    );
  }

  save(): void {
    this.fieldErrors.set({});
    const justifications: Record<string, string> = {};
    for (const [rule, control] of Object.entries(this.justifications())) {
      if (control.value.trim()) justifications[rule] = control.value.trim();
    }
    this.run(
      this.api.update(this.id(), { introduction: this.introduction.value.trim() || null, justifications }),
      () => 'Le projet de procès-verbal est enregistré.',
    );
  }

  saveNotes(item: MinutesItemDto): void {
    const f = this.notesForms()[item.itemId];
    if (!f) return;
    this.busy.set(true);
    this.success.set(null);
    this.actionError.set(null);
    this.api
      .itemNotes(this.id(), item.itemId, {
        summary: f.summary.value.trim() || null,
        discussionNotes: f.discussionNotes.value.trim() || null,
      })
      .subscribe({
        next: () => {
          this.api.get(this.id()).subscribe({
            next: (m) => {
              this.busy.set(false);
              this.show(m, true);
              this.success.set(`Les notes du point ${item.position} sont enregistrées.`);
            },
            error: (err: unknown) => this.fail(err),
          });
        },
        error: (err: unknown) => this.fail(err),
      });
  }

  sign(): void {
    this.run(
      this.api.sign(this.id()),
      (m) => `Le procès-verbal est signé (version ${m.version}) et envoyé aux membres.`,
      true,
      'Signature électronique du procès-verbal (SIG-1)',
    );
  }

  newVersion(): void {
    this.run(
      this.api.newVersion(this.id()),
      (m) =>
        `La version ${m.version} du procès-verbal est ouverte à la rédaction. La version signée reste disponible.`,
    );
  }

  private run(
    call: ReturnType<MinutesApi['get']>,
    message: (m: MinutesDto) => string,
    reloadDocuments = false,
    progress: string | null = null,
  ): void {
    this.working.set(progress);
    this.busy.set(true);
    this.success.set(null);
    this.actionError.set(null);
    call.subscribe({
      next: (m) => {
        this.busy.set(false);
        this.working.set(null);
        this.show(m);
        this.success.set(message(m));
        if (reloadDocuments) {
          this.api
            .documents(this.id())
            .pipe(catchError(() => of([] as SignedDocumentDto[])))
            .subscribe((docs) => this.documents.set(docs));
        }
        this.sittingsApi
          .get(this.id())
          .pipe(catchError(() => of(null)))
          .subscribe((s) => {
            if (s) this.sitting.set(s);
          });
      },
      error: (err: unknown) => this.fail(err),
    });
  }

  private fail(err: unknown): void {
    this.busy.set(false);
    this.working.set(null);
    const e = toApiError(err);
    this.actionError.set(e.message);
    this.fieldErrors.set(e.fieldErrors);
  }

  /** Shows the minutes; `keepText` keeps what is being typed in the introduction and justifications. */
  private show(m: MinutesDto | null, keepText = false): void {
    this.minutes.set(m);
    if (!m) return;
    const typed = this.justifications();
    if (!keepText) this.introduction.setValue(m.introduction ?? '');
    const justifications: Record<string, FormControl<string>> = {};
    for (const v of m.validity.filter((x) => !x.ok)) {
      justifications[v.rule] = new FormControl(
        keepText && typed[v.rule] ? typed[v.rule].value : (v.justification ?? ''),
        {
          nonNullable: true,
          validators: [Validators.maxLength(2000)],
        },
      );
    }
    this.justifications.set(justifications);
    const notes: Record<string, NotesForm> = {};
    for (const item of m.items.filter((i) => i.kind === 'POLICY')) {
      notes[item.itemId] = {
        summary: new FormControl(item.summary ?? '', {
          nonNullable: true,
          validators: [Validators.maxLength(8000)],
        }),
        discussionNotes: new FormControl(item.discussionNotes ?? '', {
          nonNullable: true,
          validators: [Validators.maxLength(8000)],
        }),
      };
    }
    this.notesForms.set(notes);
  }
}
