import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { appClientConfig } from '../core/database/data-source';

const CHANNEL = 'sitting_events';

/**
 * Live updates of a sitting page (quorum, attendance, item states). A change calls
 * notify() inside its transaction: PostgreSQL delivers the NOTIFY only on commit, to
 * every app instance, whose LISTEN connection re-emits it to the open event streams.
 */
@Injectable()
export class SittingEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SittingEvents.name);
  private readonly emitter = new EventEmitter();
  private client: Client | null = null;
  private stopped = false;
  /** The LISTEN connection was lost: notifications sent meanwhile reached nobody. */
  private lost = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.emitter.setMaxListeners(0);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(appClientConfig(this.config));
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.emitter.emit(n.payload);
    });
    client.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'sitting events connection lost, reconnecting');
      this.lost = true;
      this.client = null;
      setTimeout(() => void this.connect().catch(() => undefined), 1000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      if (this.lost) {
        // Changes committed while this instance was not listening were notified to the other
        // instances only: every stream open here gets a fresh snapshot, so no page stays behind.
        this.lost = false;
        for (const sittingId of this.emitter.eventNames()) this.emitter.emit(sittingId);
      }
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'sitting events LISTEN failed');
      this.lost = true;
      await client.end().catch(() => undefined);
      setTimeout(() => void this.connect().catch(() => undefined), 2000).unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }

  /** Queues a change notification, delivered when the transaction commits. */
  async notify(m: EntityManager, sittingId: string): Promise<void> {
    await m.query(`SELECT pg_notify($1, $2)`, [CHANNEL, sittingId]);
  }

  subscribe(sittingId: string, listener: () => void): () => void {
    this.emitter.on(sittingId, listener);
    return () => this.emitter.off(sittingId, listener);
  }
}
