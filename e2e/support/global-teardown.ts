import { stopApp } from './app-server';

export default async function globalTeardown(): Promise<void> {
  const app = globalThis.__CDLP_E2E_APP__;
  globalThis.__CDLP_E2E_APP__ = undefined;
  if (app) await stopApp(app);
}
