import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock/clock';

/** The record the guard expects (the package does not export its interface from its entry point). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface ThrottleRow {
  hits: (Date | string)[];
  blocked_until: Date | string | null;
}

/**
 * The @nestjs/throttler storage of the login and password-reset limits, in PostgreSQL
 * (UNLOGGED table login_throttle): the portal runs as several api instances behind a load
 * balancer, and a counter in one instance's memory would let a client multiply its
 * attempts by the number of instances. Each call locks the row of its key, so concurrent
 * attempts on several instances are counted one after the other.
 *
 * The window slides, as the library's in-memory storage does: a hit counts for `ttl`
 * milliseconds. The hit that goes over the limit blocks the key for `blockDuration`;
 * attempts during the block are refused without being counted, and the count starts
 * again when the block ends. Time comes from the injectable Clock, so tests move it.
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  private static readonly SWEEP_EVERY_MS = 60_000;
  private lastSweep = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now().getTime();
    const record = await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO login_throttle (key, throttler, hits, expires_at) VALUES ($1, $2, '{}', $3) ON CONFLICT DO NOTHING`,
        [key, throttlerName, new Date(now)],
      );
      const [row] = (await m.query(
        `SELECT hits, blocked_until FROM login_throttle WHERE key = $1 AND throttler = $2 FOR UPDATE`,
        [key, throttlerName],
      )) as ThrottleRow[];
      const blockedUntil = row.blocked_until === null ? null : new Date(row.blocked_until).getTime();
      // The block ends the count: hits from before it no longer weigh (as in the in-memory storage).
      const previous = blockedUntil !== null && blockedUntil <= now ? [] : row.hits.map((h) => new Date(h).getTime());
      const live = previous.filter((h) => h > now - ttl);
      if (blockedUntil !== null && blockedUntil > now) return this.result(live, now, ttl, blockedUntil);
      live.push(now);
      const newBlock = live.length > limit ? now + blockDuration : null;
      const expiresAt = Math.max(now + ttl, newBlock ?? 0);
      await m.query(
        `UPDATE login_throttle SET hits = $3, blocked_until = $4, expires_at = $5 WHERE key = $1 AND throttler = $2`,
        [key, throttlerName, live.map((h) => new Date(h)), newBlock === null ? null : new Date(newBlock), new Date(expiresAt)],
      );
      return this.result(live, now, ttl, newBlock);
    });
    await this.sweep(now);
    return record;
  }

  private result(hits: number[], now: number, ttl: number, blockedUntil: number | null): ThrottlerStorageRecord {
    const oldest = hits.length ? Math.min(...hits) : now;
    return {
      totalHits: hits.length,
      timeToExpire: Math.max(0, Math.ceil((oldest + ttl - now) / 1000)),
      isBlocked: blockedUntil !== null && blockedUntil > now,
      timeToBlockExpire: blockedUntil === null ? 0 : Math.max(0, Math.ceil((blockedUntil - now) / 1000)),
    };
  }

  /** Keys idle past their window are deleted, at most once a minute per instance. */
  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < PgThrottlerStorage.SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.dataSource.query(`DELETE FROM login_throttle WHERE expires_at < $1`, [new Date(now)]);
  }
}
