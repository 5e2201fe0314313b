import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../clock/clock';

/**
 * Per-client sliding window on login attempts, in memory. It slows down guessing
 * from one address; the per-account lockout (in the database) stops guessing one account.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly windowMs = 60_000;
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get maxAttempts(): number {
    return this.config.loginRatePerMinute;
  }

  /** Returns false when the client has made too many attempts in the window. */
  take(clientKey: string): boolean {
    const now = this.clock.now().getTime();
    const recent = (this.hits.get(clientKey) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.maxAttempts) {
      this.hits.set(clientKey, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(clientKey, recent);
    if (this.hits.size > 10_000) this.prune(now);
    return true;
  }

  private prune(now: number): void {
    for (const [key, times] of this.hits) {
      if (times.every((t) => now - t >= this.windowMs)) this.hits.delete(key);
    }
  }
}
