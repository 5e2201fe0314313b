import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { GENESIS_HASH, chainHash } from '../core/audit/audit-hash';
import { Clock } from '../core/clock/clock';
import { TenantDb } from '../core/database/tenant-db';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { BallotEntity, BallotLogEntity } from './deliberation.entities';

/** The hash chain of each item's ballots (tamper evidence, VOTE-1). */
@Injectable()
export class BallotChain {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
  ) {}

  /** Appends an entry to the item's ballot chain (tamper evidence), serialised per item. */
  async appendLog(
    m: EntityManager,
    itemId: string,
    ballot: BallotEntity,
    event: 'CAST' | 'CHANGE' | 'WITHDRAW',
  ): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ballot_log:${itemId}`]);
    const last: { hash: string }[] = await m.query(
      `SELECT hash FROM ballot_log WHERE agenda_item_id = $1 ORDER BY id DESC LIMIT 1`,
      [itemId],
    );
    const prev = last[0]?.hash ?? GENESIS_HASH;
    const at = this.clock.now();
    const content = {
      occurredAt: at.toISOString(),
      actorUserId: null,
      actorRole: null,
      action: event,
      entityType: 'ballot',
      entityId: ballot.id,
      requestId: null,
      details: {
        itemId,
        voter: ballot.voterMemberId,
        represented: ballot.representedMemberId,
        capacity: ballot.capacity,
        choice: event === 'WITHDRAW' ? null : ballot.choice,
      },
    };
    await m.insert(BallotLogEntity, {
      agendaItemId: itemId,
      ballotId: ballot.id,
      event,
      voterMemberId: ballot.voterMemberId,
      representedMemberId: ballot.representedMemberId,
      capacity: ballot.capacity,
      choice: event === 'WITHDRAW' ? null : ballot.choice,
      at,
      prevHash: prev,
      hash: chainHash(prev, content),
    });
  }

  /** Test and tooling support: verifies the ballot chain of an item. */
  async verifyBallotChain(itemId: string): Promise<{ ok: boolean; brokenId: string | null }> {
    const rows = await this.db
      .getRepository(BallotLogEntity)
      .find({ where: { agendaItemId: itemId }, order: { id: 'ASC' } });
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const expected = chainHash(prev, {
        occurredAt: new Date(r.at).toISOString(),
        actorUserId: null,
        actorRole: null,
        action: r.event,
        entityType: 'ballot',
        entityId: r.ballotId,
        requestId: null,
        details: {
          itemId,
          voter: r.voterMemberId,
          represented: r.representedMemberId,
          capacity: r.capacity,
          choice: r.choice,
        },
      });
      if (r.prevHash !== prev || r.hash !== expected) return { ok: false, brokenId: r.id };
      prev = r.hash;
    }
    // A closed vote froze the head of its chain in the result: rows removed from the end
    // (or appended after closing) leave a chain that is valid but no longer ends there.
    const item = await this.db.getRepository(AgendaItemEntity).findOne({ where: { id: itemId } });
    if (item?.voteState === 'CLOSED' && item.result && item.result.ballotChainHead !== prev) {
      const headAt = rows.findIndex((r) => r.hash === item.result?.ballotChainHead);
      return { ok: false, brokenId: headAt >= 0 ? rows[headAt + 1].id : (rows.at(-1)?.id ?? null) };
    }
    return { ok: true, brokenId: null };
  }
}
