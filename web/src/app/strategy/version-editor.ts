import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
} from '@angular/core';
import type { AbstractControl } from '@angular/forms';
import type { StrategyContentDto, StrategyDto } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { fieldContext, focusFirstError } from '../ui/form-fields';
import { StrategyApi } from './strategy.api';
import { errorsUnder, nestedFieldErrors } from './strategy-forms';

/**
 * STRAT-1: saving a part of the strategy as a new version. The save is refused (409) when
 * someone saved in between: the edits are kept on screen until the page is reloaded. The API's
 * errors come back by path and are shown next to their fields (`context`, under `errorPrefix`).
 * Create it in an injection context.
 */
export class StrategyVersionEditor {
  private readonly api = inject(StrategyApi);
  private readonly host: HTMLElement = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly saveError = signal<string | null>(null);
  readonly conflict = signal(false);
  readonly success = signal<string | null>(null);
  readonly errors = signal<Record<string, string>>({});
  /** What changed in the lists of the form, for screen readers. */
  readonly announce = signal('');
  readonly context = fieldContext(this.errors, this.submitted);

  /**
   * Validates the form, then saves the content `build` gives over the strategy's current version;
   * its `errorPrefix` is where the edited part sits in the content ("content.recommendations.3").
   */
  save(
    s: StrategyDto,
    form: AbstractControl,
    build: () => { content: StrategyContentDto; errorPrefix: string; note: string },
    saved: (updated: StrategyDto) => void,
  ): void {
    this.submitted.set(true);
    this.clear();
    this.errors.set({});
    form.markAllAsTouched();
    if (form.invalid) {
      focusFirstError(this.host, this.injector);
      return;
    }
    const { content, errorPrefix, note } = build();
    this.pending.set(true);
    this.api
      .saveVersion(s.id, { content, note: note.trim() || undefined, baseVersion: s.currentVersion })
      .subscribe({
        next: (updated) => {
          this.pending.set(false);
          this.submitted.set(false);
          saved(updated);
          this.success.set(`La version ${updated.currentVersion} de la stratégie est enregistrée.`);
          afterNextRender(() => window.scrollTo(0, 0), { injector: this.injector });
        },
        error: (err: unknown) => {
          this.pending.set(false);
          this.conflict.set(err instanceof HttpErrorResponse && err.status === 409);
          this.saveError.set(toApiError(err).message);
          this.errors.set(errorsUnder(nestedFieldErrors(err), errorPrefix));
          if (Object.keys(this.errors()).length > 0) focusFirstError(this.host, this.injector);
        },
      });
  }

  clear(): void {
    this.saveError.set(null);
    this.conflict.set(false);
    this.success.set(null);
  }

  /** Says what changed in a list of the form, and moves the focus (to the new block, or the list's heading). */
  changedList(message: string, focusId: string): void {
    this.announce.set(message);
    afterNextRender(() => document.getElementById(focusId)?.focus(), { injector: this.injector });
  }
}

/** The failure of a save; after a conflict (409), the way back to the latest version. */
@Component({
  selector: 'cdlp-version-save-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (editor().saveError(); as message) {
      <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
        @if (level() === 2) {
          <h2 class="fr-alert__title">{{ title() }}</h2>
        } @else {
          <h3 class="fr-alert__title">{{ title() }}</h3>
        }
        <p>{{ message }}</p>
        @if (editor().conflict()) {
          <p class="fr-mt-1w"><ng-content /></p>
          <button type="button" class="fr-btn fr-btn--sm fr-mt-2w" (click)="reload.emit()">
            Recharger la page
          </button>
        }
      </div>
    }
  `,
})
export class VersionSaveErrorComponent {
  readonly editor = input.required<StrategyVersionEditor>();
  /** The level of its heading in the page. */
  readonly level = input<2 | 3>(2);
  readonly reload = output<void>();

  title(): string {
    return this.editor().conflict() ? 'Version dépassée' : 'Enregistrement impossible';
  }
}
