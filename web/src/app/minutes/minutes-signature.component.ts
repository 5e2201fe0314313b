import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MinutesDto, SignedDocumentDto } from '@cdlp/shared';
import { SignedDocumentsComponent } from '../verification/signed-documents.component';

/** SIG-1: the president signs the draft, unless a rule of validity is not met and not justified. */
@Component({
  selector: 'cdlp-minutes-signature',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cdlp-panel" aria-labelledby="signature-titre">
      <h2 id="signature-titre" class="fr-h4">Signature (SIG-1)</h2>
      @if (minutes().canSign) {
        <p id="signature-aide">
          Votre signature électronique est apposée sur le procès-verbal, qui est ensuite envoyé à tous les
          membres. Il ne pourra plus être modifié, sauf par une nouvelle version signée.
        </p>
      } @else {
        <p id="signature-aide">
          Signature impossible pour l'instant : {{ blockingRules().join(', ') }} non respectée(s) sans
          justification du secrétariat.
        </p>
      }
      <button
        type="button"
        class="fr-btn fr-icon-edit-line fr-btn--icon-left"
        aria-describedby="signature-aide"
        [disabled]="!minutes().canSign || busy()"
        (click)="sign.emit()"
      >
        Signer le procès-verbal
      </button>
    </section>
  `,
})
export class MinutesSignatureComponent {
  readonly minutes = input.required<MinutesDto>();
  readonly blockingRules = input<string[]>([]);
  readonly busy = input(false);
  readonly sign = output<void>();
}

/** SIG-1, SIG-2: the signed versions of the minutes; a correction is a new version, signed in turn. */
@Component({
  selector: 'cdlp-minutes-documents',
  imports: [RouterLink, SignedDocumentsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="fr-mb-4w" aria-labelledby="documents-titre">
      <h2 id="documents-titre" class="fr-h4">Procès-verbal signé</h2>
      <cdlp-signed-documents [documents]="documents()" caption="Versions signées du procès-verbal" />
      <p class="fr-text--sm">
        Vous pouvez contrôler l'authenticité d'un fichier téléchargé sur la page
        <a class="fr-link" routerLink="/verification">Vérifier un document</a>.
      </p>
      @if (canEdit() && minutes()?.state === 'SIGNED') {
        <p>
          Une correction après signature passe par une nouvelle version, signée à son tour ; la version signée
          reste inchangée.
        </p>
        <button
          type="button"
          class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left"
          [disabled]="busy()"
          (click)="newVersion.emit()"
        >
          Créer une nouvelle version
        </button>
      }
    </section>
  `,
})
export class MinutesDocumentsComponent {
  readonly minutes = input<MinutesDto | null>(null);
  readonly documents = input<SignedDocumentDto[]>([]);
  readonly canEdit = input(false);
  readonly busy = input(false);
  readonly newVersion = output<void>();
}
