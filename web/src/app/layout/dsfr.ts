/** Thin, optional bridge to the DSFR JavaScript API (absent in unit tests). */
interface DsfrModalApi {
  conceal(): void;
}
type DsfrFn = ((element: Element) => { modal?: DsfrModalApi }) & { start?: () => void };

function dsfr(): DsfrFn | null {
  const candidate = (globalThis as { dsfr?: unknown }).dsfr;
  return typeof candidate === 'function' ? (candidate as DsfrFn) : null;
}

/** Closes a DSFR modal (the mobile menu after a navigation link was followed). */
export function concealModal(element: Element | null | undefined): void {
  if (!element) return;
  try {
    dsfr()?.(element).modal?.conceal();
  } catch {
    // The modal is not (yet) managed by the DSFR: nothing to close.
  }
}
