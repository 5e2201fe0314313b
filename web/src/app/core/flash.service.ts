import { Injectable, signal } from '@angular/core';

export type FlashKind = 'success' | 'info' | 'error';

export interface FlashMessage {
  kind: FlashKind;
  text: string;
}

/** A message that survives one navigation ("Le membre a été créé."), shown at the top of the next page. */
@Injectable({ providedIn: 'root' })
export class FlashService {
  private readonly current = signal<FlashMessage | null>(null);
  /** True until the navigation that follows show() has ended. */
  private pending = false;
  readonly message = this.current.asReadonly();

  show(kind: FlashKind, text: string): void {
    this.current.set({ kind, text });
    this.pending = true;
  }

  dismiss(): void {
    this.current.set(null);
    this.pending = false;
  }

  /** Called at the end of every navigation: a message lives for the page that follows it. */
  navigated(): void {
    if (this.pending) {
      this.pending = false;
    } else if (this.current()) {
      this.current.set(null);
    }
  }
}
