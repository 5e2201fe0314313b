import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { isProConnectRefusal, PROCONNECT_INFO_URL, PROCONNECT_REFUSAL_TEXTS } from '@cdlp/shared';
import { map } from 'rxjs';

/**
 * Where the api sends the browser when a ProConnect login is refused (`?motif=`). ProConnect asks
 * services to say plainly what happened and what to do next, never to leave the agent stuck.
 */
@Component({
  selector: 'cdlp-proconnect-refusal-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <div class="fr-my-7w fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8">
          <h1>{{ text().title }}</h1>
          <p class="fr-text--sm fr-mb-3w cdlp-error-code">Connexion avec ProConnect refusée</p>
          <p class="fr-text--lead">{{ text().message }}</p>
          <p>{{ text().next }}</p>
          <p class="fr-text--sm">
            Aucun compte n’est créé lors d’une connexion avec ProConnect : le compte de chaque agent est
            ouvert par l’administrateur du portail, qui l’invite ensuite à ProConnect.
          </p>
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li><a class="fr-btn" routerLink="/connexion">Retour à la page de connexion</a></li>
            <li>
              <a
                class="fr-btn fr-btn--secondary"
                [href]="proConnectInfoUrl"
                target="_blank"
                rel="noopener"
                title="Qu’est-ce que ProConnect ? - nouvelle fenêtre"
                >Qu’est-ce que ProConnect ?</a
              >
            </li>
          </ul>
        </div>
      </div>
    </div>
  `,
})
export class ProConnectRefusalPage {
  private readonly route = inject(ActivatedRoute);
  private readonly motif = toSignal(this.route.queryParamMap.pipe(map((q) => q.get('motif'))), { initialValue: null });
  readonly proConnectInfoUrl = PROCONNECT_INFO_URL;
  /** An unknown reason reads as the generic failure. */
  readonly text = computed(() => {
    const motif = this.motif();
    return PROCONNECT_REFUSAL_TEXTS[isProConnectRefusal(motif) ? motif : 'FAILED'];
  });
}
