import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, viewChild } from '@angular/core';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { ROLE_LABELS } from '@cdlp/shared';
import { AuthService } from '../core/auth.service';
import { BrowserLocation } from '../core/browser-location';
import { FlashService } from '../core/flash.service';
import { concealModal } from './dsfr';
import { navItemsFor } from './nav-items';

export const SERVICE_NAME = 'Commission départementale de lutte contre la prostitution';

/** DSFR header: Marianne block, service name, user tools (account, logout) and the role's navigation. */
@Component({
  selector: 'cdlp-header',
  imports: [RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header role="banner" class="fr-header">
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <p class="fr-logo">République <br />française</p>
                </div>
                @if (user()) {
                  <div class="fr-header__navbar">
                    <button
                      type="button"
                      class="fr-btn--menu fr-btn"
                      data-fr-opened="false"
                      aria-controls="menu-principal"
                      id="bouton-menu-principal"
                      title="Menu"
                    >
                      Menu
                    </button>
                  </div>
                }
              </div>
              <div class="fr-header__service">
                <a routerLink="/" [title]="'Accueil - ' + serviceName + ' - République française'">
                  <p class="fr-header__service-title">{{ serviceName }}</p>
                </a>
                <p class="fr-header__service-tagline">
                  @if (place(); as where) {
                    <span class="cdlp-header-place">{{ where }}</span> -
                  }
                  {{ tagline() }}
                </p>
              </div>
            </div>
            @if (user(); as u) {
              <div class="fr-header__tools">
                <div class="fr-header__tools-links">
                  <ul class="fr-btns-group">
                    <li>
                      <a class="fr-btn fr-icon-account-circle-line" routerLink="/mon-compte">Mon compte</a>
                    </li>
                    <li>
                      <button type="button" class="fr-btn fr-icon-logout-box-r-line" (click)="logout()">
                        Se déconnecter
                      </button>
                    </li>
                  </ul>
                </div>
              </div>
            }
          </div>
        </div>
      </div>
      @if (user(); as u) {
        <div
          class="fr-header__menu fr-modal"
          id="menu-principal"
          aria-labelledby="bouton-menu-principal"
          #menu
        >
          <div class="fr-container">
            <button type="button" class="fr-btn--close fr-btn" aria-controls="menu-principal" title="Fermer">
              Fermer
            </button>
            <div class="fr-header__menu-links">
              <ul class="fr-btns-group">
                <li>
                  <a class="fr-btn fr-icon-account-circle-line" routerLink="/mon-compte" (click)="closeMenu()"
                    >Mon compte</a
                  >
                </li>
                <li>
                  <button type="button" class="fr-btn fr-icon-logout-box-r-line" (click)="logout()">
                    Se déconnecter
                  </button>
                </li>
              </ul>
            </div>
            <nav
              class="fr-nav"
              id="navigation-principale"
              role="navigation"
              aria-label="Menu principal"
              tabindex="-1"
            >
              <ul class="fr-nav__list">
                @for (item of navItems(); track item.path) {
                  <li class="fr-nav__item">
                    <a
                      class="fr-nav__link"
                      [routerLink]="item.path"
                      routerLinkActive
                      ariaCurrentWhenActive="page"
                      [routerLinkActiveOptions]="{ exact: item.exact }"
                      (click)="closeMenu()"
                      >{{ item.label }}</a
                    >
                  </li>
                }
              </ul>
            </nav>
          </div>
        </div>
      }
    </header>
  `,
})
export class HeaderComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  private readonly location = inject(BrowserLocation);
  private readonly menu = viewChild<ElementRef<HTMLElement>>('menu');

  readonly serviceName = SERVICE_NAME;
  readonly user = this.auth.user;
  readonly navItems = computed(() => navItemsFor(this.auth.role()));
  /**
   * TENANT-1: where the user works on the national instance: their département's commission
   * (« CDLP de la Vienne »), or the national level for a national account.
   */
  readonly place = computed(() => {
    if (!this.user()) return null;
    return this.auth.isNational() ? 'Niveau national' : this.auth.commission();
  });
  readonly tagline = computed(() => {
    const u = this.user();
    if (!u) return 'Portail de gouvernance de la commission';
    const who = u.role === 'ASSOCIATION' && u.associationName ? u.associationName : ROLE_LABELS[u.role];
    return `${u.firstName} ${u.lastName}, ${who}`;
  });

  closeMenu(): void {
    concealModal(this.menu()?.nativeElement);
  }

  logout(): void {
    this.closeMenu();
    this.auth.logout().subscribe((endSessionUrl) => {
      // A session opened with ProConnect ends there too; ProConnect then sends the browser back to /connexion.
      if (endSessionUrl) {
        this.location.assign(endSessionUrl);
        return;
      }
      this.flash.show('success', 'Vous êtes déconnecté(e).');
      void this.router.navigate(['/connexion']);
    });
  }
}
