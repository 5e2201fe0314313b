import { registerLocaleData } from '@angular/common';
import { provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import localeFr from '@angular/common/locales/fr';
import {
  ApplicationConfig,
  inject,
  LOCALE_ID,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, TitleStrategy, withComponentInputBinding, withRouterConfig } from '@angular/router';
import { CSRF_COOKIE, CSRF_HEADER } from '@cdlp/shared';
import { routes } from './app.routes';
import { AuthService } from './core/auth.service';
import { errorInterceptor } from './core/error.interceptor';
import { PageTitleStrategy } from './core/page-title.strategy';
import { activityInterceptor } from './core/session-timeout.service';

registerLocaleData(localeFr);

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(
      routes,
      withComponentInputBinding(),
      withRouterConfig({ paramsInheritanceStrategy: 'always' }),
    ),
    provideHttpClient(
      withXsrfConfiguration({ cookieName: CSRF_COOKIE, headerName: CSRF_HEADER }),
      withInterceptors([errorInterceptor, activityInterceptor]),
    ),
    { provide: LOCALE_ID, useValue: 'fr-FR' },
    { provide: TitleStrategy, useClass: PageTitleStrategy },
    // Know who is logged in before the first route is drawn (avoids a flash of the anonymous header).
    provideAppInitializer(() => inject(AuthService).ensureLoaded()),
  ],
};
