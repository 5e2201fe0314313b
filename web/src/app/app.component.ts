import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  Injector,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { AuthService } from './core/auth.service';
import { FlashService } from './core/flash.service';
import { SessionTimeoutService } from './core/session-timeout.service';
import { FooterComponent } from './layout/footer.component';
import { HeaderComponent } from './layout/header.component';

@Component({
  selector: 'cdlp-root',
  imports: [RouterOutlet, HeaderComponent, FooterComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-skiplinks">
      <nav class="fr-container" role="navigation" aria-label="Accès rapide">
        <ul class="fr-skiplinks__list">
          <li><a class="fr-link" href="#contenu" (click)="skipTo($event, 'contenu')">Contenu</a></li>
          @if (auth.isAuthenticated()) {
            <li>
              <a
                class="fr-link"
                href="#navigation-principale"
                (click)="skipTo($event, 'navigation-principale')"
                >Menu</a
              >
            </li>
          }
          <li>
            <a class="fr-link" href="#pied-de-page" (click)="skipTo($event, 'pied-de-page')">Pied de page</a>
          </li>
        </ul>
      </nav>
    </div>
    <cdlp-header />
    <main id="contenu" role="main" tabindex="-1" class="cdlp-page">
      @if (sessionTimeout.minutesLeft(); as minutes) {
        <div class="fr-container">
          <div class="fr-alert fr-alert--warning fr-mb-3w" role="alert">
            <p class="fr-alert__title">Votre session va bientôt expirer</p>
            <p>
              Sans activité de votre part, vous serez déconnecté(e) dans {{ minutes }}
              {{ minutes > 1 ? 'minutes' : 'minute' }}.
            </p>
            <button type="button" class="fr-btn fr-btn--sm fr-mt-2w" (click)="sessionTimeout.stayConnected()">
              Rester connecté(e)
            </button>
          </div>
        </div>
      }
      @if (flash.message(); as message) {
        <div class="fr-container">
          <div
            class="fr-alert fr-alert--sm fr-mb-3w"
            [class.fr-alert--success]="message.kind === 'success'"
            [class.fr-alert--info]="message.kind === 'info'"
            [class.fr-alert--error]="message.kind === 'error'"
            role="status"
          >
            <p>{{ message.text }}</p>
            <button type="button" class="fr-link--close fr-link" (click)="flash.dismiss()">
              Masquer le message
            </button>
          </div>
        </div>
      }
      <router-outlet />
    </main>
    <cdlp-footer />
  `,
})
export class AppComponent {
  protected readonly auth = inject(AuthService);
  protected readonly flash = inject(FlashService);
  protected readonly sessionTimeout = inject(SessionTimeoutService);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private firstNavigation = true;

  constructor() {
    this.router.events
      .pipe(
        filter((e): e is NavigationEnd => e instanceof NavigationEnd),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe(() => {
        this.flash.navigated();
        if (this.firstNavigation) {
          this.firstNavigation = false;
          return;
        }
        // Single-page navigation: move the focus to the new page's title so that screen reader
        // and keyboard users start from the top of the new content.
        afterNextRender(() => this.focusPageStart(), { injector: this.injector });
      });
  }

  skipTo(event: Event, id: string): void {
    event.preventDefault();
    const target = document.getElementById(id);
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
    target.scrollIntoView?.();
  }

  private focusPageStart(): void {
    const main = document.getElementById('contenu');
    if (!main) return;
    const heading = main.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    } else {
      main.focus({ preventScroll: true });
    }
    window.scrollTo?.(0, 0);
  }
}
