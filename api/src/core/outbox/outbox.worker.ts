import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { TenantDb, scopeOf } from '../database/tenant-db';
import { APP_CONFIG, AppConfig } from '../config/config';
import { MailTransport, createMailTransport } from './mail-transport';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxService } from './outbox.service';

/** Messages listed, claimed and sent per pass. */
const BATCH_SIZE = 20;

/**
 * Sends queued messages. Rows are claimed with FOR UPDATE SKIP LOCKED so that
 * several app instances never send the same message twice.
 */
@Injectable()
export class OutboxWorker implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private transport: MailTransport;

  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {
    this.transport = createMailTransport(config);
  }

  /** Test support: send through another transport. */
  useTransport(transport: MailTransport): void {
    this.transport.close();
    this.transport = transport;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.drain().finally(() => {
        this.running = null;
      });
    }, this.config.outboxPollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => 0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    this.transport.close();
  }

  /**
   * Pass after pass while passes come back full, so that a convocation of 40 members does not
   * wait for the next poll between two batches (CONV-1); stops when the worker is stopped.
   */
  private async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const n = await this.processDue(BATCH_SIZE);
      sent += n;
      if (n < BATCH_SIZE || !this.timer) return sent;
    }
  }

  /** A sitting page shows each member's delivery status live: tell it when a convocation changes state. */
  private async notifyRelated(m: EntityManager, msg: OutboxMessageEntity): Promise<void> {
    if (msg.relatedType === 'sitting' && msg.relatedId) await m.query(`SELECT pg_notify('sitting_events', $1)`, [msg.relatedId]);
  }

  /**
   * Sends every due message once; returns how many were sent. The due messages of every
   * département are listed by a SECURITY DEFINER lookup (ids only), then each
   * département's share is claimed and sent in its own scope (TENANT-1).
   */
  async processDue(batchSize = BATCH_SIZE): Promise<number> {
    let sent = 0;
    try {
      const due: { message_id: string; departement_code: string | null }[] = await this.db.unscoped.query(
        `SELECT * FROM cdlp_outbox_due($1, $2)`,
        [this.clock.now(), batchSize],
      );
      const byScope = new Map<string, string[]>();
      for (const d of due) {
        const scope = scopeOf(d.departement_code);
        byScope.set(scope, [...(byScope.get(scope) ?? []), d.message_id]);
      }
      for (const [scope, ids] of byScope) {
        try {
          sent += await this.db.run(scope, (m) => this.sendBatch(m, ids));
        } catch (err) {
          this.logger.error({ err: err instanceof Error ? err.message : String(err), scope }, 'outbox batch failed');
        }
      }
    } catch (err) {
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'outbox batch failed');
    }
    return sent;
  }

  /**
   * Claims the listed messages still due (another instance may have taken some) and sends
   * them, as many at once as the transport has connections. Each message is marked SENT
   * only after the relay accepted it; a refused one is put back with a backoff. The rows stay
   * locked until the département's share is done, so no other instance can take them.
   */
  private async sendBatch(m: EntityManager, ids: string[]): Promise<number> {
    const due = await m
      .getRepository(OutboxMessageEntity)
      .createQueryBuilder('o')
      .where(`o.id IN (:...ids) AND o.status = 'QUEUED' AND o.next_attempt_at <= :now`, { ids, now: this.clock.now() })
      .orderBy('o.next_attempt_at', 'ASC')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    const from = await this.senderOf(m);
    const results = await mapWithConcurrency(due, this.transport.concurrency, (msg) => this.sendOne(m, msg, from));
    return results.filter(Boolean).length;
  }

  /** Sends one claimed message and records the outcome; true when the relay accepted it. */
  private async sendOne(m: EntityManager, msg: OutboxMessageEntity, from: string): Promise<boolean> {
    try {
      await this.transport.send(msg, from);
    } catch (err) {
      const attempts = msg.attempts + 1;
      const error = err instanceof Error ? err.message : String(err);
      const failed = attempts >= this.outbox.maxAttempts;
      await m.update(OutboxMessageEntity, { id: msg.id }, {
        status: failed ? 'FAILED' : 'QUEUED',
        attempts,
        lastError: error.slice(0, 1000),
        nextAttemptAt: new Date(this.clock.now().getTime() + this.outbox.backoffMs(attempts)),
      });
      this.logger.warn({ outboxId: msg.id, attempts, failed }, 'mail delivery failed');
      await this.notifyRelated(m, msg);
      return false;
    }
    await m.update(OutboxMessageEntity, { id: msg.id }, {
      status: 'SENT',
      attempts: msg.attempts + 1,
      sentAt: this.clock.now(),
      lastError: null,
    });
    await this.notifyRelated(m, msg);
    return true;
  }

  /** The sender: MAIL_FROM's address, with the name of the département's commission when it has one. */
  private async senderOf(m: EntityManager): Promise<string> {
    const rows: { mail_sender_name: string | null }[] = await m.query(
      `SELECT mail_sender_name FROM departement WHERE code = current_setting('app.departement')`,
    );
    return withSenderName(this.config.mailFrom, rows[0]?.mail_sender_name ?? null);
  }
}

/** "CDLP <no-reply@x>" with the name "CDLP de la Vienne" gives "CDLP de la Vienne <no-reply@x>". */
export function withSenderName(mailFrom: string, name: string | null): string {
  if (!name) return mailFrom;
  const address = /<([^<>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `"${name.replace(/["\\]/g, '')}" <${address}>`;
}

/**
 * Runs `work` on the items with at most `limit` at once, keeping the order of the results.
 * After a failure no new item is started (in the outbox, a failed database write means the
 * transaction is lost: sending more would only send messages that cannot be marked SENT);
 * the first failure is raised once the items already started have ended.
 */
export async function mapWithConcurrency<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await work(items[i]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
  return results;
}
