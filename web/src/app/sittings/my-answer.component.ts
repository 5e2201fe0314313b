import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { ATTENDANCE_ANSWERS, ATTENDANCE_LABELS, type AttendanceAnswer, type SittingDto } from '@cdlp/shared';
import { map, startWith } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import {
  focusFirstError,
  Option,
  RadiosFieldComponent,
  SelectFieldComponent,
  validateAndFocus,
} from '../ui/form-fields';
import { answerText, PRESENCE_LABELS } from './sitting-labels';
import { SittingsApi } from './sittings.api';

/**
 * "Ma réponse": a convened member answers the convocation: present, remote, absent, replaced by
 * the suppléant (MEMB-1) or mandate to another convened member (MAND-1).
 */
@Component({
  selector: 'cdlp-my-answer',
  imports: [ReactiveFormsModule, AlertComponent, RadiosFieldComponent, SelectFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (me(); as m) {
      <section aria-labelledby="ma-reponse-titre" class="cdlp-panel">
        <h2 id="ma-reponse-titre" class="fr-h4">Ma réponse</h2>
        <p>
          Réponse enregistrée : <strong id="ma-reponse-actuelle">{{ current() }}</strong>
        </p>
        @if (m.confirmedPresence) {
          <p>
            Présence inscrite au registre : <strong>{{ presence(m.confirmedPresence) }}</strong
            >{{ m.substituteName ? ', suppléé(e) par ' + m.substituteName : '' }}.
          </p>
        }
        <cdlp-alert kind="success" [text]="success()" />
        @if (open()) {
          <form [formGroup]="form" (ngSubmit)="save()" novalidate>
            <cdlp-radios
              fieldId="answer"
              label="Serez-vous présent(e) à la séance ?"
              [inline]="false"
              [options]="answerOptions()"
              [control]="form.controls.answer"
              [serverError]="fieldErrors()['answer']"
              [submitted]="submitted()"
            />
            @if (answer() === 'MANDATE') {
              <cdlp-select
                fieldId="mandateHolderId"
                label="Membre à qui vous donnez mandat"
                hint="Nul ne peut détenir plus d'un mandat ; un mandat confié à un absent ne compte pas (MAND-1)."
                [options]="holderOptions()"
                [control]="form.controls.mandateHolderId"
                [serverError]="fieldErrors()['mandateHolderId']"
                [submitted]="submitted()"
              />
            }
            <cdlp-alert kind="error" [text]="error()" />
            <button type="submit" class="fr-btn" [disabled]="busy()">Enregistrer ma réponse</button>
          </form>
        } @else if (sitting().state === 'OPEN') {
          <p class="fr-text--sm">La séance est ouverte : les réponses ne peuvent plus changer.</p>
        } @else {
          <p class="fr-text--sm">La séance n'attend plus de réponse.</p>
        }
      </section>
    }
  `,
})
export class MyAnswerComponent {
  private readonly api = inject(SittingsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly sitting = input.required<SittingDto>();
  readonly changed = output<SittingDto>();

  readonly busy = signal(false);
  readonly submitted = signal(false);
  readonly error = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});
  readonly form = new FormGroup({
    answer: new FormControl<AttendanceAnswer | ''>('', {
      nonNullable: true,
      validators: [Validators.required],
    }),
    mandateHolderId: new FormControl('', { nonNullable: true }),
  });
  readonly answer = toSignal(
    this.form.controls.answer.valueChanges.pipe(
      startWith(''),
      map((v) => v),
    ),
    {
      requireSync: true,
    },
  );

  readonly me = computed(() => {
    const s = this.sitting();
    return s.myMemberId ? (s.members.find((m) => m.memberId === s.myMemberId) ?? null) : null;
  });
  readonly open = computed(() => ['PLANNED', 'CONVENED'].includes(this.sitting().state));
  readonly current = computed(() => {
    const m = this.me();
    return m ? answerText(m) : '';
  });
  readonly answerOptions = computed<Option[]>(() => {
    // REM-1: in a written deliberation everyone takes part online.
    const allowed: readonly AttendanceAnswer[] =
      this.sitting().mode === 'WRITTEN' ? ['REMOTE', 'ABSENT'] : ATTENDANCE_ANSWERS;
    return allowed.map((a) => ({
      value: a,
      label: a === 'MANDATE' ? 'Je donne mandat à un autre membre' : ATTENDANCE_LABELS[a],
    }));
  });
  readonly holderOptions = computed<Option[]>(() =>
    this.sitting()
      .members.filter((m) => m.memberId !== this.sitting().myMemberId)
      .map((m) => ({ value: m.memberId, label: `${m.name} - ${m.quality}` })),
  );

  constructor() {
    // The form shows the recorded answer (again after each live update, unless being edited).
    effect(() => {
      const m = this.me();
      untracked(() => {
        if (m && this.form.pristine) {
          this.form.setValue({ answer: m.answer ?? '', mandateHolderId: m.mandateHolderId ?? '' });
        }
      });
    });
  }

  presence(p: 'PRESENT' | 'REMOTE' | 'ABSENT'): string {
    return PRESENCE_LABELS[p];
  }

  save(): void {
    this.submitted.set(true);
    this.error.set(null);
    this.success.set(null);
    this.fieldErrors.set({});
    const v = this.form.getRawValue();
    if (v.answer === 'MANDATE' && !v.mandateHolderId) {
      this.fieldErrors.set({ mandateHolderId: 'Choisissez le membre à qui vous donnez mandat.' });
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    if (!validateAndFocus(this.form, this.host.nativeElement, this.injector)) return;
    this.busy.set(true);
    this.api
      .answer(this.sitting().id, {
        answer: v.answer as AttendanceAnswer,
        ...(v.answer === 'MANDATE' ? { mandateHolderId: v.mandateHolderId } : {}),
      })
      .subscribe({
        next: (s) => {
          this.busy.set(false);
          this.submitted.set(false);
          this.form.markAsPristine();
          const mine = s.members.find((m) => m.memberId === s.myMemberId);
          this.changed.emit(s);
          this.success.set(`Votre réponse est enregistrée : ${mine ? answerText(mine) : ''}.`);
        },
        error: (err: unknown) => {
          this.busy.set(false);
          const apiError = toApiError(err);
          this.error.set(apiError.message);
          this.fieldErrors.set(apiError.fieldErrors);
          focusFirstError(this.host.nativeElement, this.injector);
        },
      });
  }
}
