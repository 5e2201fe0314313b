import type { SittingDto } from '@cdlp/shared';
import type { TestClient } from './test-app';

export interface SseEvent {
  event: string;
  data: string;
}

/** Reads a server-sent events stream opened with fetch, event by event. */
export class SseStream {
  private buffer = '';
  private readonly queue: SseEvent[] = [];
  private wake: (() => void) | null = null;
  private ended = false;

  private constructor(
    readonly status: number,
    readonly contentType: string | null,
    private readonly controller: AbortController,
  ) {}

  static async open(baseUrl: string, path: string, client: TestClient): Promise<SseStream> {
    const controller = new AbortController();
    const cookie = Object.entries(client.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const res = await fetch(`${baseUrl}${path}`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
    const stream = new SseStream(res.status, res.headers.get('content-type'), controller);
    if (res.body && res.status === 200) void stream.pump(res.body.getReader());
    else controller.abort();
    return stream;
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event.event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          event.data = data.join('\n');
          this.queue.push(event);
          this.wake?.();
        }
      }
    } catch {
      // Aborted by close().
    } finally {
      this.ended = true;
      this.wake?.();
    }
  }

  /** The next event, or null after timeoutMs. */
  async next(timeoutMs = 5000): Promise<SseEvent | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.ended || Date.now() >= deadline) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    return this.queue.shift() ?? null;
  }

  /** The next 'sitting' snapshot (heartbeats skipped), or null after timeoutMs. */
  async nextSitting(timeoutMs = 5000): Promise<SittingDto | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const e = await this.next(Math.max(0, deadline - Date.now()));
      if (!e) return null;
      if (e.event === 'sitting') return JSON.parse(e.data) as SittingDto;
    }
  }

  /** Skips snapshots until one matches (changes close together may be merged into one snapshot). */
  async until(predicate: (s: SittingDto) => boolean, timeoutMs = 5000): Promise<SittingDto> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.nextSitting(Math.max(0, deadline - Date.now()));
      if (!s) throw new Error('no matching snapshot in time');
      if (predicate(s)) return s;
    }
  }

  close(): void {
    this.controller.abort();
  }
}
