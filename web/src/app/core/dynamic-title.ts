import { effect, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { SITE_NAME } from './page-title.strategy';

/**
 * For pages whose title depends on what they load ("Demande PSP-86-2026-0007"): the document
 * title follows the given value once it is known. Call from a constructor (injection context).
 */
export function dynamicTitle(title: () => string | null | undefined): void {
  const service = inject(Title);
  effect(() => {
    const value = title();
    if (value) service.setTitle(`${value} - ${SITE_NAME}`);
  });
}
