import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditVerificationDto } from '@cdlp/shared';
import { Clock } from '../clock/clock';
import { TenantDb } from '../database/tenant-db';
import { currentActor, currentRequestId } from '../context/request-context';
import { AuditContent, GENESIS_HASH, chainHash } from './audit-hash';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Never personal data: ids, states, field names. */
  details?: Record<string, unknown>;
  /** Defaults to the actor of the current request. */
  actor?: { userId: string | null; role: string | null } | null;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends a row to the chain inside the caller's transaction, so that a change
   * and its audit row are written together or not at all. Each département has its own
   * chain (TENANT-1: row-level security shows only its rows); the advisory lock, one per
   * département, serialises its writers so that each row links to the one before it.
   */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('audit_event_chain:' || current_setting('app.departement')))`);
    const last: { hash: string }[] = await manager.query(`SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`);
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const actor = entry.actor === undefined ? currentActor() : entry.actor;
    const occurredAt = this.clock.now();
    const content: AuditContent = {
      occurredAt: occurredAt.toISOString(),
      actorUserId: actor?.userId ?? null,
      actorRole: actor?.role ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      requestId: currentRequestId(),
      details: entry.details ?? {},
    };
    await manager.query(
      `INSERT INTO audit_event
         (occurred_at, actor_user_id, actor_role, action, entity_type, entity_id, request_id, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        occurredAt,
        content.actorUserId,
        content.actorRole,
        content.action,
        content.entityType,
        content.entityId,
        content.requestId,
        JSON.stringify(content.details),
        prevHash,
        chainHash(prevHash, content),
      ],
    );
  }

  /** Records an event in its own transaction (reads of sensitive records, logins). */
  async recordNow(entry: AuditEntry): Promise<void> {
    await this.db.transaction((m) => this.record(m, entry));
  }

  /** Walks the current département's chain in id order and names the first row that does not match. */
  async verify(): Promise<AuditVerificationDto> {
    return verifyAuditChain(this.db.manager);
  }
}

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  request_id: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

/** Verifies the chain visible in the scope of `m` (one département's, or the national one). */
export async function verifyAuditChain(m: EntityManager, batchSize = 5000): Promise<AuditVerificationDto> {
  let prevHash = GENESIS_HASH;
  let lastId = '0';
  let checked = 0;
  for (;;) {
    // Order by the bigint column, not by the text alias (which would put 10 before 2).
    const rows: AuditRow[] = await m.query(
      `SELECT id::text AS id, occurred_at, actor_user_id, actor_role, action, entity_type, entity_id,
              request_id, details, prev_hash, hash
         FROM audit_event WHERE audit_event.id > $1 ORDER BY audit_event.id LIMIT $2`,
      [lastId, batchSize],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        return { ok: false, checked, firstBrokenId: row.id, reason: 'Le lien avec la ligne précédente est rompu.' };
      }
      const expected = chainHash(prevHash, {
        occurredAt: new Date(row.occurred_at).toISOString(),
        actorUserId: row.actor_user_id,
        actorRole: row.actor_role,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        requestId: row.request_id,
        details: row.details,
      });
      if (expected !== row.hash) {
        return { ok: false, checked, firstBrokenId: row.id, reason: 'Le contenu de la ligne a été modifié.' };
      }
      prevHash = row.hash;
      lastId = row.id;
      checked++;
    }
  }
  return { ok: true, checked, firstBrokenId: null, reason: null };
}
