import { DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import type { SittingDto } from '@cdlp/shared';

/** The part of EventSource the page uses (a fake one in unit tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export const EVENT_SOURCE_FACTORY = new InjectionToken<(url: string) => EventSourceLike>(
  'EVENT_SOURCE_FACTORY',
  {
    providedIn: 'root',
    factory: () => (url: string) => new EventSource(url, { withCredentials: true }) as EventSourceLike,
  },
);

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

const CLOSED = 2;
const MAX_BACKOFF_MS = 30_000;

export interface LiveHandlers {
  /** A new snapshot of the sitting (server-sent event "sitting"). */
  sitting(dto: SittingDto): void;
  /** The stream came back after a break: reload whatever may have been missed. */
  reconnected(): void;
}

/**
 * Live updates of a sitting page: GET /api/sittings/:id/events (server-sent events, same-origin
 * cookies). The browser retries a dropped stream by itself; when it gives up (readyState CLOSED),
 * the stream is opened again with a growing delay. After any break the page reloads its state.
 */
@Injectable()
export class SittingLiveService {
  private readonly factory = inject(EVENT_SOURCE_FACTORY);
  private source: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private broken = false;
  private url = '';
  private handlers: LiveHandlers | null = null;

  readonly status = signal<LiveStatus>('off');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.disconnect());
  }

  connect(url: string, handlers: LiveHandlers): void {
    this.disconnect();
    this.url = url;
    this.handlers = handlers;
    this.open();
  }

  disconnect(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
    this.handlers = null;
    this.attempts = 0;
    this.broken = false;
    this.status.set('off');
  }

  private open(): void {
    if (!this.handlers) return;
    this.status.set(this.broken ? 'reconnecting' : 'connecting');
    let source: EventSourceLike;
    try {
      source = this.factory(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.source = source;
    source.onopen = () => {
      this.attempts = 0;
      this.status.set('live');
      if (this.broken) {
        this.broken = false;
        this.handlers?.reconnected();
      }
    };
    source.onerror = () => {
      this.broken = true;
      if (source.readyState === CLOSED) {
        source.close();
        if (this.source === source) this.source = null;
        this.scheduleReconnect();
      } else {
        this.status.set('reconnecting');
      }
    };
    source.addEventListener('sitting', (event: MessageEvent) => {
      try {
        this.handlers?.sitting(JSON.parse(String(event.data)) as SittingDto);
      } catch {
        // A malformed event is ignored; the next one brings the whole state again.
      }
    });
  }

  private scheduleReconnect(): void {
    if (!this.handlers) return;
    this.status.set('reconnecting');
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts);
    this.attempts++;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.open();
    }, delay);
  }
}
