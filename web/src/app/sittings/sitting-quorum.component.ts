import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import type { SittingDto } from '@cdlp/shared';
import { FlashService } from '../core/flash.service';
import { AlertComponent } from '../ui/alert.component';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';
import { SittingsApi } from './sittings.api';

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** QUOR-1 to QUOR-3: the quorum, forecast from the answers before the sitting, then from the register. */
@Component({
  selector: 'cdlp-quorum',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cdlp-panel cdlp-quorum" aria-labelledby="quorum-titre">
      <h2 id="quorum-titre" class="fr-h4">Quorum</h2>
      <p class="fr-text--sm fr-mb-1w">
        {{
          s().state === 'CONVENED'
            ? "Prévision d'après les réponses des membres."
            : "D'après le registre de présence."
        }}
      </p>
      <p class="fr-text--lg fr-mb-1w" id="quorum-texte" aria-live="polite" aria-atomic="true">
        <span
          class="fr-badge"
          [class.fr-badge--success]="s().quorum.reached"
          [class.fr-badge--warning]="!s().quorum.reached"
        >
          {{ s().quorum.reached ? 'Quorum atteint' : 'Quorum non atteint' }}
        </span>
        {{ s().quorum.text }}
      </p>
      <p class="fr-text--sm fr-mb-0">
        Présents : {{ s().quorum.present }} - à distance : {{ s().quorum.remote }} - représentés :
        {{ s().quorum.represented }} (règle {{ s().quorum.rule }}).
      </p>
    </section>
  `,
})
export class QuorumComponent {
  readonly s = input.required<SittingDto>({ alias: 'sitting' });
}

/**
 * QUOR-2: a sitting opened without quorum cannot deliberate; a second convocation on the same
 * agenda deliberates without quorum. The new sitting opens, for the secretariat to send it.
 */
@Component({
  selector: 'cdlp-second-convocation',
  imports: [FORM_FIELDS, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cdlp-panel" aria-labelledby="seconde-titre">
      <h2 id="seconde-titre" class="fr-h4">Seconde convocation (QUOR-2)</h2>
      <p>
        Le quorum n'est pas atteint : la commission ne peut pas délibérer. Une seconde convocation sur le même
        ordre du jour permet de délibérer sans condition de quorum. La séance actuelle est alors close.
      </p>
      <cdlp-alert kind="error" [text]="state.error()" />
      <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="send()" novalidate>
        <cdlp-input
          fieldId="secondStartsAt"
          label="Date et heure de la seconde séance"
          hint="Heure de Paris"
          type="datetime-local"
          [control]="form.controls.startsAtLocal"
        />
        <cdlp-input
          fieldId="secondPlace"
          label="Lieu"
          [optional]="true"
          [hint]="'Par défaut : ' + (sitting().place || 'le même lieu')"
          [control]="form.controls.place"
        />
        <button type="submit" class="fr-btn" [disabled]="state.pending()">
          Envoyer une seconde convocation
        </button>
      </form>
    </section>
  `,
})
export class SecondConvocationComponent {
  private readonly api = inject(SittingsApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  readonly sitting = input.required<SittingDto>();

  readonly state = createFormState();
  readonly form = new FormGroup({
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

  send(): void {
    if (!this.state.begin(this.form)) return;
    const v = this.form.getRawValue();
    const body = { startsAtLocal: v.startsAtLocal, ...(v.place.trim() ? { place: v.place.trim() } : {}) };
    this.state.send(this.api.secondConvocation(this.sitting().id, body), (second) => {
      this.flash.show(
        'success',
        `La seconde convocation (séance n° ${second.number}) est créée sur le même ordre du jour : envoyez-la aux membres.`,
      );
      void this.router.navigate(['/seances', second.id]);
    });
  }
}
