import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup } from '@angular/forms';
import type { ConvenedMemberDto, SittingDto } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { formatLongInstant, LongInstantPipe } from '../ui/dates';
import { createFormState, FORM_FIELDS, formValue } from '../ui/form-fields';
import { TableComponent } from '../ui/table.component';
import { ConvocationDeliveryComponent } from './convocation-delivery.component';
import { itemHeading, liveItems } from './agenda-items';
import { convocationBadge, CONVOCATION_STATUS_LABELS } from './sitting-labels';
import { SittingsApi } from './sittings.api';

/**
 * CONV-1 / CONV-2: preview and sending of the convocation (agenda PDF and calendar invitation
 * attached), the urgency flag with its reason when sent less than 5 days before, and the
 * delivery status of each member's message with "Renvoyer".
 */
@Component({
  selector: 'cdlp-convocation',
  imports: [
    FORM_FIELDS,
    NgTemplateOutlet,
    AlertComponent,
    LongInstantPipe,
    TableComponent,
    ConvocationDeliveryComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = sitting();
    <section aria-labelledby="convocation-titre" class="fr-mb-4w">
      <h2 id="convocation-titre">Convocation</h2>
      <cdlp-alert kind="success" [text]="success()" />
      @if (s.convokedAt) {
        <p>
          Convocation envoyée le {{ s.convokedAt | longInstant }}
          @if (s.urgent) {
            <strong>en urgence</strong> - motif : {{ s.urgencyReason }} (CONV-2)
          }
        </p>
      }
      @if (canSend()) {
        <div class="cdlp-panel" id="apercu-convocation">
          <h3 class="fr-h6">Aperçu de la convocation</h3>
          <dl class="cdlp-details">
            <dt>Objet</dt>
            <dd>{{ subject() }}</dd>
            <dt>Destinataires</dt>
            <dd>
              {{ recipients().length }} membre{{ recipients().length > 1 ? 's' : '' }} convoqué{{
                recipients().length > 1 ? 's' : ''
              }}
            </dd>
            <dt>Pièces jointes</dt>
            <dd>
              <a class="fr-link" [href]="pdfUrl()" target="_blank" rel="noopener"
                >Ordre du jour (PDF)<span class="fr-sr-only"> - nouvelle fenêtre</span></a
              >
              et invitation de calendrier (.ics)
            </dd>
          </dl>
          <p class="fr-mb-1w">Ordre du jour :</p>
          <ol>
            @for (item of liveItems(); track item.id) {
              <li>{{ heading(item) }}</li>
            }
          </ol>
          @if (!s.convocationOnTime) {
            <cdlp-alert kind="warning" heading="Délai de convocation (CONV-2)">
              Les membres doivent recevoir la convocation au moins cinq jours avant la séance. Un envoi plus
              tardif n'est possible qu'en cas d'urgence, avec un motif qui figurera au procès-verbal.
            </cdlp-alert>
          }
          <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="send()" novalidate>
            @if (!s.convocationOnTime) {
              <cdlp-checkbox
                fieldId="urgent"
                label="Convocation en urgence"
                [control]="form.controls.urgent"
              />
              @if (urgent()) {
                <cdlp-input
                  fieldId="urgencyReason"
                  label="Motif de l'urgence"
                  hint="Il est imprimé au procès-verbal."
                  [multiline]="true"
                  [rows]="3"
                  [control]="form.controls.urgencyReason"
                />
              }
            }
            <cdlp-alert kind="error" [text]="error()" />
            <button
              type="submit"
              class="fr-btn fr-icon-mail-send-line fr-btn--icon-left"
              [disabled]="busy() || state.pending()"
            >
              {{ s.convokedAt ? 'Envoyer la nouvelle convocation' : 'Envoyer la convocation' }}
            </button>
          </form>
        </div>
      }

      <ng-template #deliveries>
        <div
          class="fr-table fr-table--no-caption fr-table--sm"
          id="table-envois"
          cdlpTable="Envoi des convocations par membre"
          [columns]="columns()"
        >
          <tbody>
            @for (m of recipients(); track m.memberId) {
              <tr>
                <td>{{ m.name }}</td>
                <td>
                  <p class="fr-badge fr-badge--sm" [class]="badge(m)">{{ status(m) }}</p>
                </td>
                <td>{{ m.convocationError || '-' }}</td>
                @if (canResend()) {
                  <td>
                    <button
                      type="button"
                      class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-refresh-line fr-btn--icon-left"
                      [disabled]="busy()"
                      (click)="resend(m)"
                    >
                      Renvoyer<span class="fr-sr-only"> la convocation à {{ m.name }}</span>
                    </button>
                  </td>
                }
              </tr>
            }
          </tbody>
        </div>
      </ng-template>
      @if (s.convokedAt) {
        <cdlp-convocation-delivery [sitting]="s" (changed)="changed.emit($event)" />
      }
      @if (s.convokedAt) {
        @if (s.state === 'PLANNED' || s.state === 'CONVENED') {
          <ng-container [ngTemplateOutlet]="deliveries" />
        } @else {
          <details>
            <summary>Envoi des convocations ({{ recipients().length }} membres)</summary>
            <ng-container [ngTemplateOutlet]="deliveries" />
          </details>
        }
      }
    </section>
  `,
})
export class ConvocationComponent {
  private readonly api = inject(SittingsApi);

  readonly sitting = input.required<SittingDto>();
  readonly changed = output<SittingDto>();

  readonly busy = signal(false);
  readonly state = createFormState();
  /** The resend errors; the sending errors are the form's. */
  readonly error = computed(() => this.resendError() ?? this.state.error());
  private readonly resendError = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly form = new FormGroup({
    urgent: new FormControl(false, { nonNullable: true }),
    urgencyReason: new FormControl('', { nonNullable: true }),
  });
  private readonly values = formValue(this.form);
  readonly urgent = computed(() => this.values().urgent);

  readonly canSend = computed(() => {
    const s = this.sitting();
    return s.state === 'PLANNED' || (s.state === 'CONVENED' && s.agendaChangedSinceConvocation);
  });
  readonly canResend = computed(() => ['CONVENED', 'OPEN'].includes(this.sitting().state));
  readonly columns = computed(() => ['Membre', 'Envoi', 'Erreur', ...(this.canResend() ? ['Action'] : [])]);
  readonly liveItems = computed(() => liveItems(this.sitting()));
  readonly recipients = computed(() =>
    this.sitting().members.filter((m) => !(m.excludedFromPsp && this.onlyPsp())),
  );
  private readonly onlyPsp = computed(() => {
    const items = this.liveItems();
    return items.length > 0
      ? items.every((i) => i.kind === 'PSP_REQUEST')
      : this.sitting().kind === 'EXAMINATION';
  });
  readonly subject = computed(
    () => `Convocation : séance n° ${this.sitting().number} du ${formatLongInstant(this.sitting().startsAt)}`,
  );
  readonly pdfUrl = computed(() => this.api.agendaPdfUrl(this.sitting().id));

  constructor() {
    this.form.controls.urgent.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.state.fieldErrors.set({}));
  }

  heading(item: SittingDto['agenda'][number]): string {
    return itemHeading(item);
  }
  status(m: ConvenedMemberDto): string {
    return m.convocationStatus ? CONVOCATION_STATUS_LABELS[m.convocationStatus] : 'Non envoyée';
  }
  badge(m: ConvenedMemberDto): string {
    return m.convocationStatus ? convocationBadge(m.convocationStatus) : 'fr-badge--no-icon';
  }

  send(): void {
    this.resendError.set(null);
    this.success.set(null);
    this.state.begin();
    const v = this.form.getRawValue();
    const late = !this.sitting().convocationOnTime;
    // CONV-2: a convocation sent less than five days before the sitting is urgent, with a reason.
    const errors: Record<string, string> = {};
    if (late && !v.urgent) {
      errors['urgent'] =
        'La séance a lieu dans moins de cinq jours : cochez « Convocation en urgence » et indiquez le motif (CONV-2).';
    }
    if (late && v.urgent && !v.urgencyReason.trim())
      errors['urgencyReason'] = "Le motif de l'urgence est obligatoire.";
    this.state.fieldErrors.set(errors);
    if (Object.keys(errors).length > 0) {
      this.state.focusFirstError();
      return;
    }
    const body = late ? { urgent: true, urgencyReason: v.urgencyReason.trim() } : { urgent: false };
    this.state.send(this.api.convene(this.sitting().id, body), (s) => {
      this.state.submitted.set(false);
      this.form.reset();
      const n = s.members.filter((m) => m.convocationMessageId).length;
      this.success.set(`La convocation a été envoyée à ${n} membre${n > 1 ? 's' : ''}.`);
      this.changed.emit(s);
    });
  }

  resend(m: ConvenedMemberDto): void {
    this.busy.set(true);
    this.resendError.set(null);
    this.api.resend(this.sitting().id, m.memberId).subscribe({
      next: (s) => {
        this.busy.set(false);
        this.success.set(`La convocation a été renvoyée à ${m.name}.`);
        this.changed.emit(s);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.resendError.set(toApiError(err).message);
      },
    });
  }
}
