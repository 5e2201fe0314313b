import { inject, signal, WritableSignal } from '@angular/core';
import { Location } from '@angular/common';
import type { PspRequestDto, PspRequestKind } from '@cdlp/shared';
import { firstValueFrom } from 'rxjs';
import { fieldErrorList, toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { formatInstant } from '../ui/dates';
import { PspDossierForm, toDossier } from './psp-dossier-form';
import { PspRequestsApi } from './psp.api';

export type SaveState = 'idle' | 'saving' | 'saved' | 'error' | 'needs-association';

/** API field errors ("dossier.plan.SANTE.plannedActions") by control name ("plan"). */
export function errorsByField(list: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of list) {
    const key = e.field.replace(/^dossier\./, '').split('.')[0];
    out[key] ??= e.message;
  }
  return out;
}

/**
 * PSP-3: the draft of a request, saved as it is typed. The first save creates the draft (with its
 * association when the secretariat files it), the next ones update it; saves run one after the
 * other and what failed is sent again with the next one. Create it in an injection context.
 */
export class PspDraft {
  private readonly api = inject(PspRequestsApi);
  private readonly auth = inject(AuthService);
  private readonly location = inject(Location);
  private dirty = false;
  private chain: Promise<unknown> = Promise.resolve();

  readonly requestId = signal<string | null>(null);
  readonly request = signal<PspRequestDto | null>(null);
  readonly kind = signal<PspRequestKind>('INITIAL');
  readonly saveState = signal<SaveState>('idle');
  readonly savedAt = signal('');
  readonly saveError = signal<string | null>(null);
  readonly fieldErrors: WritableSignal<Record<string, string>> = signal({});

  constructor(
    private readonly form: PspDossierForm,
    private readonly locked: () => boolean,
  ) {}

  /** The request was loaded (or saved): it is the one the next saves update. */
  show(r: PspRequestDto): void {
    this.request.set(r);
    this.kind.set(r.kind);
    this.requestId.set(r.id);
  }

  changed(): void {
    this.dirty = true;
  }

  /** Saves what changed since the last save; saves run one after the other. */
  saveNow(): Promise<boolean> {
    const run = this.chain.then(() => this.save());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async save(): Promise<boolean> {
    if (!this.dirty && this.requestId()) return true;
    if (this.locked()) return true;
    const id = this.requestId();
    const byAssociation = this.auth.role() === 'ASSOCIATION';
    const associationId = this.form.controls.associationId.value;
    if (!id && !byAssociation && !associationId) {
      this.saveState.set('needs-association');
      return false;
    }
    const dossier = toDossier(this.form);
    this.dirty = false;
    this.saveState.set('saving');
    try {
      const saved = await firstValueFrom(
        id
          ? this.api.update(id, dossier)
          : this.api.create({ dossier, ...(byAssociation ? {} : { associationId }) }),
      );
      this.show(saved);
      // The draft exists: the address becomes its edit page, without leaving the form.
      if (!id) this.location.replaceState(`/demandes/${saved.id}/modifier`);
      this.saveError.set(null);
      this.fieldErrors.set({});
      this.savedAt.set(formatInstant(saved.updatedAt).slice(-5));
      this.saveState.set('saved');
      return true;
    } catch (err: unknown) {
      this.dirty = true;
      this.saveState.set('error');
      this.saveError.set(toApiError(err).message);
      this.fieldErrors.set(errorsByField(fieldErrorList(err)));
      return false;
    }
  }
}
