import { ForbiddenException, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { CastBallotDto, DeclareInterestDto, DeliberationDto, DissentDto, ItemResult, decideOpinion } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { GENESIS_HASH } from '../core/audit/audit-hash';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { TenantDb } from '../core/database/tenant-db';
import { conflict, fieldError } from '../core/http/errors';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { MemberEntity } from '../registry/member.entity';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { AttendanceService } from '../sittings/attendance.service';
import { SittingEvents } from '../sittings/sitting-events';
import { SittingMemberEntity } from '../sittings/sitting-member.entity';
import { seatRowOf, sitsAsSubstitute } from '../sittings/sitting-seat';
import { SittingViewService } from '../sittings/sitting-view.service';
import { SittingEntity } from '../sittings/sitting.entity';
import { SittingsService } from '../sittings/sittings.service';
import { BallotChain } from './ballot-chain';
import { DeliberationExchangesService } from './deliberation-exchanges.service';
import { DeliberationView } from './deliberation-view';
import { BallotEntity } from './deliberation.entities';

export type { Seat } from './deliberation-view';

@Injectable()
export class DeliberationService implements OnModuleInit {
  private readonly itemClosedListeners: ((m: EntityManager, item: AgendaItemEntity) => Promise<void>)[] = [];

  /** Runs in the closing transaction of each item's vote (the strategy listens for its adoption). */
  onItemClosed(listener: (m: EntityManager, item: AgendaItemEntity) => Promise<void>): void {
    this.itemClosedListeners.push(listener);
  }

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly sittings: SittingsService,
    private readonly attendance: AttendanceService,
    private readonly view: SittingViewService,
    private readonly events: SittingEvents,
    private readonly requests: PspRequestsService,
    private readonly deliberationView: DeliberationView,
    private readonly chain: BallotChain,
    private readonly exchanges: DeliberationExchangesService,
  ) {}

  /** REM-3: a written deliberation opens all its votes when it opens, and closes them when it closes. */
  onModuleInit(): void {
    this.attendance.registerLifecycle({
      onOpened: async (m, sitting) => {
        await this.exchanges.assignChair(m, sitting);
        if (sitting.mode !== 'WRITTEN') return;
        for (const item of await this.sittings.liveItems(m, sitting.id)) await this.openVoteIn(m, sitting, item);
      },
      beforeClose: async (m, sitting) => {
        const items = await this.sittings.liveItems(m, sitting.id);
        const open = items.filter((i) => i.voteState === 'OPEN');
        if (sitting.mode === 'WRITTEN') {
          for (const item of open) await this.closeVoteIn(m, sitting, item.id);
          await this.exchanges.sendWrittenOutcome(m, sitting);
        } else if (open.length > 0) {
          throw conflict(`Le vote est encore ouvert sur ${open.map((i) => i.title).join(', ')} : clôturez-le avant de clore la séance.`);
        }
        // A request without an opinion goes back to the complete requests, to be scheduled again (PSP-4).
        const refreshed = await this.sittings.liveItems(m, sitting.id);
        for (const item of refreshed.filter((i) => i.kind === 'PSP_REQUEST' && i.opinion === null)) {
          await this.sittings.releaseItem(m, item, 'Aucun avis adopté : demande à réinscrire (PSP-4).');
        }
      },
    });
  }

  // ------------------------------------------------------------------ reading

  async get(user: UserEntity, sittingId: string): Promise<DeliberationDto> {
    const sitting = await this.sittings.find(this.db.manager, sittingId);
    await this.sittings.assertCanSee(user, sitting);
    return this.deliberationView.dto(this.db.manager, sitting, user);
  }

  // ------------------------------------------------------------------ voting window

  /** The chair (or the secretariat on the chair's behalf) opens the vote on an item. */
  async openVote(user: UserEntity, sittingId: string, itemId: string): Promise<DeliberationDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      const item = await this.deliberationView.item(m, sittingId, itemId, true);
      if (sitting.state !== 'OPEN') throw conflict('Le vote ne peut être ouvert que pendant la séance.');
      if (sitting.mode === 'WRITTEN') throw conflict("Dans une délibération écrite, les votes s'ouvrent et se closent avec la délibération (REM-3).");
      const quorum = await this.view.quorum(m, sitting);
      if (!quorum.reached) throw conflict(`${quorum.text} : la commission ne peut pas délibérer (QUOR-1). Proposez une seconde convocation (QUOR-2).`);
      if (item.voteState !== 'NOT_OPENED') throw conflict('Le vote sur ce point a déjà été ouvert.');
      await this.openVoteIn(m, sitting, item);
      return this.deliberationView.dto(m, sitting, user);
    });
  }

  private async openVoteIn(m: EntityManager, sitting: SittingEntity, item: AgendaItemEntity): Promise<void> {
    // COMP-4: the representative of the association presenting the dossier is recused automatically.
    if (item.requestId) {
      const request = await m.getRepository(PspRequestEntity).findOneOrFail({ where: { id: item.requestId } });
      const reps = await m
        .getRepository(MemberEntity)
        .createQueryBuilder('mem')
        .where(
          `mem.association_id = :aid OR mem.id IN (SELECT u.member_id FROM app_user u WHERE u.association_id = :aid AND u.member_id IS NOT NULL)`,
          { aid: request.associationId },
        )
        .getMany();
      for (const rep of reps) {
        await m.query(
          `INSERT INTO interest_declaration (agenda_item_id, member_id, reason, automatic, declared_by, declared_at)
           VALUES ($1, $2, $3, true, NULL, $4) ON CONFLICT (agenda_item_id, member_id) DO NOTHING`,
          [item.id, rep.id, "Représentant de l'association qui présente le dossier (COMP-4)", this.clock.now()],
        );
      }
    }
    await m.update(AgendaItemEntity, { id: item.id }, { voteState: 'OPEN', voteOpenedAt: this.clock.now() });
    await this.audit.record(m, { action: 'vote.opened', entityType: 'agenda_item', entityId: item.id, details: { sittingId: sitting.id } });
    await this.events.notify(m, sitting.id);
  }

  async closeVote(user: UserEntity, sittingId: string, itemId: string): Promise<DeliberationDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      if (sitting.mode === 'WRITTEN') throw conflict("Dans une délibération écrite, les votes se closent avec la délibération (REM-3).");
      await this.closeVoteIn(m, sitting, itemId);
      return this.deliberationView.dto(m, sitting, user);
    });
  }

  /**
   * VOTE-1: closes the vote and computes the opinion; the opinion is written to the PSP
   * request in the same transaction (PSP-4). The item row is locked FOR UPDATE, which
   * waits for ballots in flight (they hold it FOR SHARE): none is lost, none comes after.
   */
  private async closeVoteIn(m: EntityManager, sitting: SittingEntity, itemId: string): Promise<void> {
    const item = await this.deliberationView.item(m, sitting.id, itemId, true);
    if (item.voteState !== 'OPEN') throw conflict("Le vote sur ce point n'est pas ouvert.");
    const ctx = await this.deliberationView.context(m, sitting, item);
    const ballots = await m.getRepository(BallotEntity).find({ where: { agendaItemId: item.id } });
    const eligible = new Set(ctx.seats.map((s) => s.representedMemberId));
    const counted = ballots.filter((b) => eligible.has(b.representedMemberId));
    const rule = await this.deliberationView.abstentionRule(m);
    let outcome = decideOpinion(counted.map((b) => ({ choice: b.choice, byPresident: b.byPresident })), rule);
    let participation: ItemResult['participation'] = null;
    if (sitting.mode === 'WRITTEN') {
      // REM-2: a remote deliberation is valid only if at least half of the members took part.
      const quorum = await this.view.quorum(m, sitting);
      participation = { took: quorum.counted, base: quorum.base, required: quorum.required, sufficient: quorum.reached };
      if (!quorum.reached && sitting.secondConvocationOf === null) {
        outcome = {
          ...outcome,
          opinion: null,
          castingVote: false,
          text: `Aucun avis adopté : ${quorum.text}. Une nouvelle délibération ou une séance doit être organisée.`,
        };
      }
    }
    const head: { hash: string }[] = await m.query(`SELECT hash FROM ballot_log WHERE agenda_item_id = $1 ORDER BY id DESC LIMIT 1`, [item.id]);
    const result: ItemResult = {
      opinion: outcome.opinion,
      favourable: outcome.favourable,
      unfavourable: outcome.unfavourable,
      abstentions: outcome.abstentions,
      total: outcome.total,
      rule: outcome.rule,
      castingVote: outcome.castingVote,
      text: outcome.text,
      participation,
      recusedMemberIds: [...ctx.recused.keys()],
      ballotChainHead: head[0]?.hash ?? GENESIS_HASH,
    };
    await m.update(AgendaItemEntity, { id: item.id }, { voteState: 'CLOSED', voteClosedAt: this.clock.now(), opinion: result.opinion, result });
    if (item.requestId && result.opinion) {
      // A request withdrawn while on the agenda keeps the item's result, but takes no opinion.
      const request = await this.requests.find(m, item.requestId);
      if (request.state === 'ON_AGENDA') await this.requests.giveOpinion(m, item.requestId, result.opinion);
    }
    const closed = await m.getRepository(AgendaItemEntity).findOneByOrFail({ id: item.id });
    for (const listener of this.itemClosedListeners) await listener(m, closed);
    await this.audit.record(m, {
      action: 'vote.closed',
      entityType: 'agenda_item',
      entityId: item.id,
      details: { sittingId: sitting.id, opinion: result.opinion, favourable: result.favourable, unfavourable: result.unfavourable, abstentions: result.abstentions, castingVote: result.castingVote, rule: 'VOTE-1' },
    });
    await this.events.notify(m, sitting.id);
  }

  // ------------------------------------------------------------------ ballots

  /**
   * Casts or changes a ballot. MAND-1: a mandate holder casts the represented vote
   * separately. COI-1: a recused member, or a holder of a recused member's mandate,
   * cannot cast that vote. COMP-3: excluded members never vote on PSP items.
   * Idempotent with the client key: a retried request records nothing twice.
   */
  async cast(user: UserEntity, sittingId: string, itemId: string, dto: CastBallotDto): Promise<DeliberationDto> {
    const voterId = this.deliberationView.voterOf(user, dto.memberId);
    try {
      return await this.db.transaction(async (m) => {
        const sitting = await this.sittings.find(m, sittingId);
        const item = await this.deliberationView.item(m, sittingId, itemId, false);
        if (item.voteState !== 'OPEN') throw conflict(item.voteState === 'CLOSED' ? 'Le vote sur ce point est clos.' : "Le vote sur ce point n'est pas encore ouvert.");
        const ctx = await this.deliberationView.context(m, sitting, item);
        const row = ctx.rows.find((r) => r.memberId === voterId);
        if (item.kind === 'PSP_REQUEST' && row?.excludedFromPsp) {
          throw new ForbiddenException({ statusCode: 403, message: 'Les membres exclus de l’examen des demandes individuelles ne votent pas sur ce point (COMP-3).' });
        }
        if (ctx.recused.has(voterId)) {
          throw new ForbiddenException({ statusCode: 403, message: "Vous avez un intérêt déclaré sur ce point : vous ne prenez pas part au vote (COI-1)." });
        }
        const seat = this.deliberationView.seatsOf(ctx, voterId).find((s) => s.capacity === dto.capacity);
        if (!seat) {
          if (dto.capacity === 'PROXY') {
            const giver = ctx.rows.find((r) => r.mandateHolderId === voterId && r.answer === 'MANDATE');
            if (giver && ctx.recused.has(giver.memberId)) {
              throw new ForbiddenException({ statusCode: 403, message: 'Le membre que vous représentez a un intérêt déclaré sur ce point : son vote ne peut pas être exprimé (COI-1).' });
            }
            throw fieldError('capacity', 'Vous ne détenez pas de mandat valable pour ce point (MAND-1).');
          }
          throw new ForbiddenException({ statusCode: 403, message: "Vous ne siégez pas pour ce point : vous n'êtes pas présent(e) ou pas convoqué(e)." });
        }
        const existing = await m.getRepository(BallotEntity).findOne({ where: { agendaItemId: item.id, representedMemberId: seat.representedMemberId } });
        if (existing && existing.clientKey === dto.clientKey) return this.deliberationView.dto(m, sitting, user);
        const now = this.clock.now();
        const reason = dto.reason?.trim() || null;
        let ballot: BallotEntity;
        if (existing) {
          existing.choice = dto.choice;
          existing.reason = reason;
          existing.clientKey = dto.clientKey;
          existing.version += 1;
          existing.updatedAt = now;
          ballot = await m.save(existing);
        } else {
          ballot = await m.save(
            m.create(BallotEntity, {
              agendaItemId: item.id,
              sittingId: sitting.id,
              voterMemberId: voterId,
              representedMemberId: seat.representedMemberId,
              capacity: seat.capacity,
              choice: dto.choice,
              reason,
              // VOTE-1: the chair's own vote, also when the chair is a suppléant casting the titulaire's seat (MEMB-1).
              byPresident: seat.capacity === 'OWN' && sitting.chairMemberId !== null && seat.voterMemberId === sitting.chairMemberId,
              clientKey: dto.clientKey,
              version: 1,
              castAt: now,
              updatedAt: now,
            }),
          );
        }
        await this.chain.appendLog(m, item.id, ballot, existing ? 'CHANGE' : 'CAST');
        await this.audit.record(m, {
          action: existing ? 'ballot.changed' : 'ballot.cast',
          entityType: 'agenda_item',
          entityId: item.id,
          // The choice itself stays in the ballot table and its chain, not in the general audit trail.
          details: { ballotId: ballot.id, capacity: seat.capacity, representedMemberId: seat.representedMemberId, onBehalf: dto.memberId !== undefined },
        });
        if (sitting.mode === 'WRITTEN') {
          await m.update(SittingMemberEntity, { sittingId: sitting.id, memberId: seat.representedMemberId }, { lastActivityAt: now });
        }
        await this.events.notify(m, sitting.id);
        return this.deliberationView.dto(m, sitting, user);
      });
    } catch (err) {
      if (err instanceof QueryFailedError) {
        const code = (err as unknown as { driverError?: { code?: string } }).driverError?.code;
        // Two requests for the same seat at once: the loser retries and finds the first ballot.
        if (code === '23505') return this.cast(user, sittingId, itemId, dto);
        // The database trigger: the vote closed while this ballot was in flight.
        if (code === '23514') throw conflict('Le vote sur ce point est clos.');
      }
      throw err;
    }
  }

  /** COI-1: a member declares an interest; any ballot already cast for or by them on the item is withdrawn. */
  async declareInterest(user: UserEntity, sittingId: string, itemId: string, dto: DeclareInterestDto): Promise<DeliberationDto> {
    const memberId = this.deliberationView.voterOf(user, dto.memberId);
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      const item = await this.deliberationView.item(m, sittingId, itemId, true);
      if (item.voteState === 'CLOSED') throw conflict('Le vote sur ce point est clos.');
      if (!['CONVENED', 'OPEN'].includes(sitting.state)) throw conflict("La séance n'est pas en cours.");
      // MEMB-1: the suppléant sitting for a titulaire declares their own interest (context() recuses the seat).
      const row = await m.getRepository(SittingMemberEntity).findOne({ where: [{ sittingId, memberId }, { sittingId, substituteId: memberId }] });
      if (!row?.convened) throw new ForbiddenException({ statusCode: 403, message: "Ce membre n'est pas convoqué à cette séance." });
      await m.query(
        `INSERT INTO interest_declaration (agenda_item_id, member_id, reason, automatic, declared_by, declared_at)
         VALUES ($1, $2, $3, false, $4, $5)
         ON CONFLICT (agenda_item_id, member_id) DO UPDATE SET reason = EXCLUDED.reason`,
        [item.id, memberId, dto.reason.trim(), user.id, this.clock.now()],
      );
      if (item.voteState === 'OPEN') {
        const withdrawn = await m.getRepository(BallotEntity).find({ where: [{ agendaItemId: item.id, voterMemberId: memberId }, { agendaItemId: item.id, representedMemberId: memberId }] });
        for (const b of withdrawn) {
          await this.chain.appendLog(m, item.id, b, 'WITHDRAW');
          await m.delete(BallotEntity, { id: b.id });
        }
      }
      await this.audit.record(m, { action: 'interest.declared', entityType: 'agenda_item', entityId: item.id, details: { memberId, rule: 'COI-1' } });
      await this.events.notify(m, sitting.id);
      return this.deliberationView.dto(m, sitting, user);
    });
  }

  /** PV-1: a member asks that their disagreement with the opinion be recorded in the minutes. */
  async recordDissent(user: UserEntity, sittingId: string, itemId: string, dto: DissentDto): Promise<DeliberationDto> {
    const memberId = this.deliberationView.voterOf(user, undefined);
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      const item = await this.deliberationView.item(m, sittingId, itemId, false);
      if (item.voteState !== 'CLOSED') throw conflict("La position divergente se consigne une fois l'avis adopté.");
      if (!['OPEN', 'CLOSED'].includes(sitting.state)) throw conflict('Le procès-verbal est déjà rédigé : adressez-vous au secrétariat.');
      const ctx = await this.deliberationView.context(m, sitting, item);
      // MEMB-1: a suppléant who sat for the titulaire records it in their own name, during the sitting window.
      const row = seatRowOf(ctx.rows, memberId, sitting.state);
      if (!row?.convened || ctx.recused.has(memberId) || (sitsAsSubstitute(row, memberId) && ctx.recused.has(row.memberId))) {
        throw new ForbiddenException({ statusCode: 403, message: "Seul un membre ayant pris part à la délibération peut consigner sa position." });
      }
      await m.query(
        `INSERT INTO dissent (agenda_item_id, member_id, text, recorded_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (agenda_item_id, member_id) DO UPDATE SET text = EXCLUDED.text, recorded_at = EXCLUDED.recorded_at`,
        [item.id, memberId, dto.text.trim(), this.clock.now()],
      );
      await this.audit.record(m, { action: 'dissent.recorded', entityType: 'agenda_item', entityId: item.id, details: { memberId, rule: 'PV-1' } });
      await this.events.notify(m, sitting.id);
      return this.deliberationView.dto(m, sitting, user);
    });
  }

  // ------------------------------------------------------------------ internals

  /** Test and tooling support: verifies the ballot chain of an item. */
  verifyBallotChain(itemId: string): Promise<{ ok: boolean; brokenId: string | null }> {
    return this.chain.verifyBallotChain(itemId);
  }
}
