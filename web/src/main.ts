import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';
import { loadDsfr } from './dsfr-loader';

bootstrapApplication(AppComponent, appConfig)
  .then(() => loadDsfr())
  .catch((err: unknown) => console.error(err));
