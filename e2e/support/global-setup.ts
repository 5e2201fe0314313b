import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { API_ENTRY, RunningApp, startApp, WORKSPACE_ROOT } from './app-server';

declare global {
  var __CDLP_E2E_APP__: RunningApp | undefined;
}

/** Starts one app for the whole run; the tests read its address from CDLP_E2E_BASE_URL. */
export default async function globalSetup(): Promise<void> {
  for (const built of [API_ENTRY, 'dist/web/browser/index.html']) {
    if (!existsSync(join(WORKSPACE_ROOT, built))) {
      throw new Error(`${built} is missing: build first (npx nx run-many -t build -p api web).`);
    }
  }
  const app = await startApp();
  globalThis.__CDLP_E2E_APP__ = app;
  process.env['CDLP_E2E_BASE_URL'] = app.baseUrl;
}
