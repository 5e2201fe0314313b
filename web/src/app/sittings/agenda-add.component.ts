import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { Permission, type AgendaItemDto, type SittingDto } from '@cdlp/shared';
import { map } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { PspRequestsApi } from '../psp/psp.api';
import { AlertComponent } from '../ui/alert.component';
import { createFormState, FORM_FIELDS, Option } from '../ui/form-fields';
import { SittingsApi } from './sittings.api';

/**
 * The secretariat adds to the agenda a policy item, or (examination sittings, PSP-4) a complete
 * request not on the agenda yet. `changed` gives the updated sitting, `announce` what happened.
 */
@Component({
  selector: 'cdlp-agenda-add',
  imports: [FORM_FIELDS, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-grid-row fr-grid-row--gutters fr-mt-2w">
      <div class="fr-col-12 fr-col-md-6">
        <form
          class="cdlp-panel"
          [formGroup]="policyForm"
          [cdlpForm]="policyState"
          (ngSubmit)="addPolicy()"
          novalidate
          aria-labelledby="ajout-point-titre"
        >
          <h3 id="ajout-point-titre" class="fr-h6">Ajouter un point</h3>
          <cdlp-alert kind="error" [text]="policyState.error()" />
          <cdlp-input fieldId="policyTitle" label="Intitulé du point" [control]="policyForm.controls.title" />
          <cdlp-input
            fieldId="policyPresenter"
            label="Présenté par"
            [optional]="true"
            [control]="policyForm.controls.presenter"
          />
          <button
            type="submit"
            class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left"
            [disabled]="busy() || policyState.pending()"
          >
            Ajouter le point
          </button>
        </form>
      </div>
      @if (sitting().kind === 'EXAMINATION') {
        <div class="fr-col-12 fr-col-md-6">
          <form
            class="cdlp-panel"
            [formGroup]="requestForm"
            [cdlpForm]="requestState"
            (ngSubmit)="addRequest()"
            novalidate
            aria-labelledby="ajout-demande-titre"
          >
            <h3 id="ajout-demande-titre" class="fr-h6">Inscrire une demande complète</h3>
            <cdlp-alert kind="error" [text]="requestState.error()" />
            @if (completeOptions().length === 0) {
              <p class="fr-text--sm cdlp-empty">Aucune autre demande complète en attente (PSP-4).</p>
            } @else {
              <cdlp-select
                fieldId="requestId"
                label="Demande complète"
                [options]="completeOptions()"
                [control]="requestForm.controls.requestId"
              />
              <button
                type="submit"
                class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left"
                [disabled]="busy() || requestState.pending()"
              >
                Inscrire la demande
              </button>
            }
          </form>
        </div>
      }
    </div>
  `,
})
export class AgendaAddComponent {
  private readonly api = inject(SittingsApi);
  private readonly psp = inject(PspRequestsApi);
  private readonly auth = inject(AuthService);

  readonly sitting = input.required<SittingDto>();
  readonly items = input.required<AgendaItemDto[]>();
  /** Another change of the agenda is running. */
  readonly busy = input(false);
  readonly changed = output<SittingDto>();
  readonly announce = output<string>();

  readonly policyState = createFormState();
  readonly requestState = createFormState();
  readonly policyForm = new FormGroup({
    title: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(300)],
    }),
    presenter: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
  });
  readonly requestForm = new FormGroup({
    requestId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  readonly complete = signal<Option[]>([]);
  readonly completeOptions = computed(() => {
    const onAgenda = new Set(this.items().map((i) => i.requestId));
    return this.complete().filter((o) => !onAgenda.has(o.value));
  });
  private completeLoaded = false;

  constructor() {
    effect(() => {
      if (this.sitting().kind === 'EXAMINATION') untracked(() => this.loadComplete());
    });
  }

  addPolicy(): void {
    if (!this.policyState.begin(this.policyForm)) return;
    const v = this.policyForm.getRawValue();
    const body = {
      kind: 'POLICY' as const,
      title: v.title.trim(),
      presenter: v.presenter.trim() || undefined,
    };
    this.policyState.send(this.api.addItem(this.sitting().id, body), (s) => {
      this.policyForm.reset();
      this.policyState.submitted.set(false);
      this.changed.emit(s);
      this.announce.emit(`Le point « ${body.title} » a été ajouté à l'ordre du jour.`);
    });
  }

  addRequest(): void {
    if (!this.requestState.begin(this.requestForm)) return;
    const requestId = this.requestForm.getRawValue().requestId;
    this.requestState.send(this.api.addItem(this.sitting().id, { kind: 'PSP_REQUEST', requestId }), (s) => {
      this.requestForm.reset();
      this.requestState.submitted.set(false);
      this.changed.emit(s);
      this.announce.emit("La demande a été inscrite à l'ordre du jour.");
    });
  }

  private loadComplete(): void {
    if (this.completeLoaded || !this.auth.can(Permission.PSP_REQUESTS_READ)) return;
    this.completeLoaded = true;
    this.psp
      .list({ state: 'COMPLETE', page: 1, pageSize: 100, sort: 'completedAt', order: 'asc' })
      .pipe(map((p) => p.items.map((r) => ({ value: r.id, label: `${r.reference} - ${r.associationName}` }))))
      .subscribe({ next: (o) => this.complete.set(o), error: () => this.complete.set([]) });
  }
}
