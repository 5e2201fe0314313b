import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, TitleStrategy } from '@angular/router';
import { Title } from '@angular/platform-browser';
import { q, settle, signIn } from '../testing/test-helpers';
import { AppComponent } from './app.component';
import { FlashService } from './core/flash.service';
import { PageTitleStrategy } from './core/page-title.strategy';
import { SessionTimeoutService } from './core/session-timeout.service';

@Component({ template: '<h1>Première page</h1>' })
class FirstPage {}

@Component({ template: '<h1>Seconde page</h1>' })
class SecondPage {}

describe('AppComponent', () => {
  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: '', component: FirstPage, title: 'Tableau de bord' },
          { path: 'suite', component: SecondPage, title: 'Suite' },
        ]),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
      ],
    });
    await signIn('SECRETARIAT');
  });

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  async function render(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(AppComponent);
    document.body.appendChild(fixture.nativeElement);
    await TestBed.inject(Router).navigateByUrl('/');
    await settle();
    return fixture.nativeElement as HTMLElement;
  }

  it('starts with skip links to the content, the menu and the footer', async () => {
    const el = await render();
    const links = [...el.querySelectorAll('.fr-skiplinks a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['#contenu', '#navigation-principale', '#pied-de-page']);
    expect(el.querySelector('main#contenu')).not.toBeNull();
    expect(el.querySelector('footer#pied-de-page')).not.toBeNull();
  });

  it('moves the focus to the content with the first skip link', async () => {
    const el = await render();
    q<HTMLAnchorElement>(el, '.fr-skiplinks a').click();
    expect(document.activeElement?.id).toBe('contenu');
  });

  it('names each page in the document title', async () => {
    await render();
    expect(TestBed.inject(Title).getTitle()).toBe('Tableau de bord - Portail CDLP');
    await TestBed.inject(Router).navigateByUrl('/suite');
    await settle();
    expect(TestBed.inject(Title).getTitle()).toBe('Suite - Portail CDLP');
  });

  it('focuses the heading of the new page after a navigation', async () => {
    await render();
    await TestBed.inject(Router).navigateByUrl('/suite');
    await settle();
    expect(document.activeElement?.textContent).toBe('Seconde page');
  });

  it('shows a flash message on the next page only', async () => {
    const el = await render();
    TestBed.inject(FlashService).show('success', 'Le membre a été ajouté.');
    await TestBed.inject(Router).navigateByUrl('/suite');
    await settle();
    expect(el.querySelector('main [role=status]')?.textContent).toContain('Le membre a été ajouté.');
    await TestBed.inject(Router).navigateByUrl('/');
    await settle();
    expect(el.querySelector('main [role=status]')).toBeNull();
  });

  it('warns before the session expires and lets the user stay connected', async () => {
    const el = await render();
    const timeout = TestBed.inject(SessionTimeoutService);
    timeout.touch(Date.now() - 29 * 60_000);
    timeout.check();
    await settle();
    const alert = q(el, 'main [role=alert]');
    expect(alert.textContent).toContain('vous serez déconnecté(e) dans 1 minute');
    q<HTMLButtonElement>(alert, 'button').click();
    TestBed.inject(HttpTestingController).expectOne('/api/auth/me').flush({});
    timeout.check();
    await settle();
    expect(el.querySelector('main [role=alert]')).toBeNull();
  });
});
