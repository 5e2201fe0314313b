import { Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

export interface Crumb {
  label: string;
  path?: string;
}

let nextId = 0;

/** DSFR breadcrumb; the last item is the current page. */
@Component({
  selector: 'cdlp-breadcrumb',
  imports: [RouterLink],
  template: `
    <nav role="navigation" class="fr-breadcrumb fr-mt-0" aria-label="vous êtes ici :">
      <button
        type="button"
        class="fr-breadcrumb__button"
        aria-expanded="false"
        [attr.aria-controls]="collapseId"
      >
        Voir le fil d’Ariane
      </button>
      <div class="fr-collapse" [id]="collapseId">
        <ol class="fr-breadcrumb__list">
          <li><a class="fr-breadcrumb__link" routerLink="/">Accueil</a></li>
          @for (crumb of items(); track $index; let last = $last) {
            <li>
              @if (last || !crumb.path) {
                <a class="fr-breadcrumb__link" aria-current="page">{{ crumb.label }}</a>
              } @else {
                <a class="fr-breadcrumb__link" [routerLink]="crumb.path">{{ crumb.label }}</a>
              }
            </li>
          }
        </ol>
      </div>
    </nav>
  `,
})
export class BreadcrumbComponent {
  readonly items = input.required<Crumb[]>();
  readonly collapseId = `fil-ariane-${++nextId}`;
}
