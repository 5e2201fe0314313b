/**
 * The DSFR JavaScript (header menu, modals, collapses) is loaded after the application has
 * started, in lazy chunks, so that it does not weigh on the initial bundle. Angular renders the
 * markup; in "angular" mode the DSFR does not rewrite it and only adds behaviour.
 */
export async function loadDsfr(): Promise<void> {
  (globalThis as { dsfr?: unknown }).dsfr = { mode: 'angular', production: true };
  await import('@gouvfr/dsfr/dist/core/core.module.min.js');
  await import('@gouvfr/dsfr/dist/component/navigation/navigation.module.min.js');
  await import('@gouvfr/dsfr/dist/component/modal/modal.module.min.js');
  await import('@gouvfr/dsfr/dist/component/header/header.module.min.js');
  await import('@gouvfr/dsfr/dist/component/breadcrumb/breadcrumb.module.min.js');
  (globalThis as { dsfr?: { start?: () => void } }).dsfr?.start?.();
}
