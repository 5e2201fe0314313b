import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Clock } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { TenantDb } from '../database/tenant-db';

export type JobPeriod = 'hour' | 'day';

interface JobDefinition {
  name: string;
  period: JobPeriod;
  run: () => Promise<unknown>;
}

/** The start of the slot an instant falls in (hours and days in UTC: a slot only needs to be shared). */
export function slotOf(at: Date, period: JobPeriod): Date {
  const d = new Date(at.getTime());
  d.setUTCMinutes(0, 0, 0);
  if (period === 'day') d.setUTCHours(0);
  return d;
}

/**
 * Periodic jobs that run exactly once per slot (hour or day) across every API instance:
 * each instance ticks every minute, and the one whose INSERT of (job, slot) into
 * `job_run` succeeds runs the job; the primary key refuses the others. A job that fails
 * keeps its row (with the error), so it is not retried in the same slot and the next
 * slot runs it again.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobScheduler.name);
  private readonly jobs: JobDefinition[] = [];
  private readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string[]> | null = null;

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The names of the registered jobs, in registration order. */
  get jobNames(): string[] {
    return this.jobs.map((j) => j.name);
  }

  register(name: string, period: JobPeriod, run: () => Promise<unknown>): void {
    if (this.jobs.some((j) => j.name === name)) throw new Error(`Job ${name} registered twice`);
    this.jobs.push({ name, period, run });
  }

  onApplicationBootstrap(): void {
    if (!this.config.runJobs) return;
    this.timer = setInterval(() => void this.tickOnce(), 60_000);
    this.timer.unref();
    setTimeout(() => void this.tickOnce(), 5_000).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.running) await this.running.catch(() => []);
  }

  private tickOnce(): Promise<string[]> {
    this.running ??= this.tick().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs the jobs whose current slot no instance has claimed yet; returns the names of those it ran. */
  async tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs) {
      const slot = slotOf(this.clock.now(), job.period);
      const claimed: unknown[] = await this.db.unscoped.query(
        `INSERT INTO job_run (job, slot, instance, started_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (job, slot) DO NOTHING RETURNING job`,
        [job.name, slot, this.instance],
      );
      if (claimed.length === 0) continue;
      let error: string | null = null;
      try {
        await job.run();
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        this.logger.error({ job: job.name, err: error }, 'job failed');
      }
      await this.db.unscoped.query(`UPDATE job_run SET finished_at = now(), error = $3 WHERE job = $1 AND slot = $2`, [
        job.name,
        slot,
        error?.slice(0, 1000) ?? null,
      ]);
      ran.push(job.name);
    }
    return ran;
  }
}
