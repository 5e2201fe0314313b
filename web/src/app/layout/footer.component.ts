import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'cdlp-footer',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <footer class="fr-footer" role="contentinfo" id="pied-de-page" tabindex="-1">
      <div class="fr-container">
        <div class="fr-footer__body">
          <div class="fr-footer__brand fr-enlarge-link">
            <a
              routerLink="/"
              title="Retour à l'accueil du portail - Commission départementale de lutte contre la prostitution - République française"
            >
              <p class="fr-logo">République <br />française</p>
            </a>
          </div>
          <div class="fr-footer__content">
            <p class="fr-footer__content-desc">
              Portail de gouvernance de la commission départementale de lutte contre la prostitution, le
              proxénétisme et la traite des êtres humains aux fins d'exploitation sexuelle : composition de la
              commission, associations agréées et suivi des parcours de sortie de la prostitution.
            </p>
            <ul class="fr-footer__content-list">
              @for (link of externalLinks; track link.href) {
                <li class="fr-footer__content-item">
                  <a
                    class="fr-footer__content-link"
                    [href]="link.href"
                    target="_blank"
                    rel="noopener external"
                    [title]="link.label + ' - nouvelle fenêtre'"
                    >{{ link.label }}</a
                  >
                </li>
              }
            </ul>
          </div>
        </div>
        <div class="fr-footer__bottom">
          <ul class="fr-footer__bottom-list">
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" routerLink="/accessibilite">Accessibilité : non conforme</a>
            </li>
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" routerLink="/mentions-legales">Mentions légales</a>
            </li>
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" routerLink="/donnees-personnelles">Données personnelles</a>
            </li>
          </ul>
          <div class="fr-footer__bottom-copy">
            <p>
              Sauf mention explicite de propriété intellectuelle détenue par des tiers, les contenus de ce
              site sont proposés sous
              <a
                href="https://github.com/etalab/licence-ouverte/blob/master/LO.md"
                target="_blank"
                rel="noopener external"
                title="Licence etalab-2.0 - nouvelle fenêtre"
                >licence etalab-2.0</a
              >
            </p>
          </div>
        </div>
      </div>
    </footer>
  `,
})
export class FooterComponent {
  readonly externalLinks = [
    { label: 'info.gouv.fr', href: 'https://www.info.gouv.fr' },
    { label: 'service-public.fr', href: 'https://www.service-public.fr' },
    { label: 'legifrance.gouv.fr', href: 'https://www.legifrance.gouv.fr' },
    { label: 'data.gouv.fr', href: 'https://www.data.gouv.fr' },
  ];
}
