import { afterNextRender, ElementRef, inject, Injector, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import { fieldErrorList, toApiError } from '../core/api-error';

/**
 * The actions of a record page (file, withdraw, sign…): one at a time, then the success message
 * at the top of the page, or the API's message and its field errors. Create it in an injection
 * context: after a success it moves the focus to the page's heading, where the message is read.
 */
export class ActionState {
  private readonly host: HTMLElement = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);
  readonly busy = signal(false);
  readonly success = signal<string | null>(null);
  readonly error = signal<string | null>(null);
  /** Every field error of the last failure, with its full path ("dossier.lastName"). */
  readonly errors = signal<{ field: string; message: string }[]>([]);

  /** Runs the call; `done` updates the page and returns the success message (null: none). */
  run<T>(call: Observable<T>, done: (value: T) => string | null, options: { focusTop?: boolean } = {}): void {
    this.busy.set(true);
    this.clear();
    call.subscribe({
      next: (value) => {
        this.busy.set(false);
        this.success.set(done(value));
        if (options.focusTop ?? true) this.focusTop();
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(toApiError(err).message);
        this.errors.set(fieldErrorList(err));
      },
    });
  }

  clear(): void {
    this.success.set(null);
    this.error.set(null);
    this.errors.set([]);
  }

  /** Moves the focus to the heading, so that a screen reader reads the page's new state from the top. */
  focusTop(): void {
    afterNextRender(
      () => {
        const h1 = this.host.querySelector<HTMLElement>('h1');
        h1?.setAttribute('tabindex', '-1');
        h1?.focus();
      },
      { injector: this.injector },
    );
  }
}

export function createActionState(): ActionState {
  return new ActionState();
}
