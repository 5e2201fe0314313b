import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../core/auth.service';

@Component({
  selector: 'cdlp-forbidden-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <div class="fr-my-7w fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8">
          <h1>Accès refusé</h1>
          <p class="fr-text--sm fr-mb-3w cdlp-error-code">Erreur 403</p>
          <p class="fr-text--lead">Votre rôle ne vous permet pas d'accéder à cette page.</p>
          @if (national()) {
            <p>
              Un compte national ne donne accès à aucun dossier ni registre d'un département : seulement aux
              statistiques anonymisées et, pour l'administration nationale, à la gestion des départements.
            </p>
            <p>Si vous pensez qu'il s'agit d'une erreur, contactez l'administration nationale du portail.</p>
          } @else {
            <p>Si vous pensez qu'il s'agit d'une erreur, contactez le secrétariat de la commission.</p>
          }
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li><a class="fr-btn" routerLink="/">Tableau de bord</a></li>
          </ul>
        </div>
      </div>
    </div>
  `,
})
export class ForbiddenPage {
  /** TENANT-1: a national account lands here from a département's page (a bookmark, a shared link). */
  readonly national = inject(AuthService).isNational;
}
