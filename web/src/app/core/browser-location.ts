import { Injectable } from '@angular/core';

/**
 * Full-page navigations out of the single-page app (to ProConnect and back). A service so that
 * unit tests can observe them instead of leaving the test page.
 */
@Injectable({ providedIn: 'root' })
export class BrowserLocation {
  assign(url: string): void {
    window.location.assign(url);
  }
}
