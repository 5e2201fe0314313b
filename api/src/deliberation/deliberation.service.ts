import { ForbiddenException, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In, QueryFailedError } from 'typeorm';
import {
  AbstentionRule,
  CastBallotDto,
  CommentDto,
  DeclareInterestDto,
  DeliberationDto,
  DissentDto,
  ItemNotesDto,
  ItemResult,
  ItemVotingDto,
  PhysicalRequestDto,
  decideOpinion,
  formatDateTimeFr,
  parisDate,
  substituteOfText,
} from '@cdlp/shared';
import { renderMail } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { GENESIS_HASH, chainHash } from '../core/audit/audit-hash';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { conflict, fieldError, notFound } from '../core/http/errors';
import { OutboxService } from '../core/outbox/outbox.service';
import { ParametersService } from '../core/parameters/parameters.service';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { MemberEntity } from '../registry/member.entity';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { AttendanceService } from '../sittings/attendance.service';
import { SittingEvents } from '../sittings/sitting-events';
import { SittingMemberEntity } from '../sittings/sitting-member.entity';
import { seatRowOf, sitsAsSubstitute } from '../sittings/sitting-seat';
import { SittingViewService, memberName } from '../sittings/sitting-view.service';
import { SittingEntity } from '../sittings/sitting.entity';
import { SittingsService } from '../sittings/sittings.service';
import {
  BallotEntity,
  BallotLogEntity,
  DeliberationCommentEntity,
  DissentEntity,
  InterestDeclarationEntity,
} from './deliberation.entities';
import { TenantDb } from '../core/database/tenant-db';

/** A seat that may vote on an item: whose vote it is, and who casts it. */
export interface Seat {
  representedMemberId: string;
  voterMemberId: string;
  capacity: 'OWN' | 'PROXY';
}

interface ItemContext {
  sitting: SittingEntity;
  item: AgendaItemEntity;
  rows: SittingMemberEntity[];
  members: Map<string, MemberEntity>;
  recused: Map<string, InterestDeclarationEntity>;
  seats: Seat[];
}

@Injectable()
export class DeliberationService implements OnModuleInit {
  private readonly itemClosedListeners: ((m: EntityManager, item: AgendaItemEntity) => Promise<void>)[] = [];

  /** Runs in the closing transaction of each item's vote (the strategy listens for its adoption). */
  onItemClosed(listener: (m: EntityManager, item: AgendaItemEntity) => Promise<void>): void {
    this.itemClosedListeners.push(listener);
  }

  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly params: ParametersService,
    private readonly sittings: SittingsService,
    private readonly attendance: AttendanceService,
    private readonly view: SittingViewService,
    private readonly events: SittingEvents,
    private readonly requests: PspRequestsService,
  ) {}

  /** REM-3: a written deliberation opens all its votes when it opens, and closes them when it closes. */
  onModuleInit(): void {
    this.attendance.registerLifecycle({
      onOpened: async (m, sitting) => {
        await this.assignChair(m, sitting);
        if (sitting.mode !== 'WRITTEN') return;
        for (const item of await this.sittings.liveItems(m, sitting.id)) await this.openVoteIn(m, sitting, item);
      },
      beforeClose: async (m, sitting) => {
        const items = await this.sittings.liveItems(m, sitting.id);
        const open = items.filter((i) => i.voteState === 'OPEN');
        if (sitting.mode === 'WRITTEN') {
          for (const item of open) await this.closeVoteIn(m, sitting, item.id);
          await this.sendWrittenOutcome(m, sitting);
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
    return this.dto(this.db.manager, sitting, user);
  }

  async dto(m: EntityManager, sitting: SittingEntity, user: UserEntity): Promise<DeliberationDto> {
    const items = await this.sittings.liveItems(m, sitting.id);
    // MEMB-1: a suppléant sitting for a titulaire sees what the titulaire would see.
    const viewerRows = user.memberId
      ? await m.getRepository(SittingMemberEntity).find({
          where: [
            { sittingId: sitting.id, memberId: user.memberId },
            { sittingId: sitting.id, substituteId: user.memberId },
          ],
        })
      : [];
    const viewerRow = seatRowOf(viewerRows, user.memberId, sitting.state);
    const visible = items.filter((i) => !(user.role === 'MEMBER' && i.kind === 'PSP_REQUEST' && (!viewerRow || viewerRow.excludedFromPsp)));
    const result: ItemVotingDto[] = [];
    for (const item of visible) result.push(await this.itemDto(m, await this.context(m, sitting, item), user));
    const comments = await m.getRepository(DeliberationCommentEntity).find({ where: { sittingId: sitting.id }, order: { createdAt: 'ASC' } });
    // COI-1: a recused member takes no part in the discussion of the item: its comments are not shared with them.
    const recusedIds = new Set(result.filter((i) => i.iAmRecused).map((i) => i.itemId));
    const visibleIds = new Set(visible.map((i) => i.id).filter((itemId) => !recusedIds.has(itemId)));
    const chair = sitting.chairMemberId ? await m.getRepository(MemberEntity).findOne({ where: { id: sitting.chairMemberId } }) : null;
    const authors = comments.length
      ? await m.getRepository(UserEntity).find({ where: { id: In([...new Set(comments.map((c) => c.authorUserId))]) } })
      : [];
    return {
      sittingId: sitting.id,
      chairName: chair ? memberName(chair) : null,
      chairDelegation: sitting.chairDelegation,
      abstentionRule: await this.abstentionRule(m),
      items: result,
      comments: comments
        .filter((c) => c.agendaItemId === null || visibleIds.has(c.agendaItemId))
        .map((c) => {
          const a = authors.find((x) => x.id === c.authorUserId);
          return { id: c.id, itemId: c.agendaItemId, authorName: a ? `${a.firstName} ${a.lastName}` : '', body: c.body, createdAt: c.createdAt.toISOString() };
        }),
      physicalRequestsAllowed: (await this.params.get('written.allow_physical_request', parisDate(this.clock.now()), m)) === 1,
    };
  }

  private async itemDto(m: EntityManager, ctx: ItemContext, user: UserEntity): Promise<ItemVotingDto> {
    const { item, members, recused, seats } = ctx;
    const ballots = await m.getRepository(BallotEntity).find({ where: { agendaItemId: item.id } });
    const dissents = await m.getRepository(DissentEntity).find({ where: { agendaItemId: item.id }, order: { recordedAt: 'ASC' } });
    const name = (id: string) => {
      const x = members.get(id);
      return x ? memberName(x) : '';
    };
    const iAmRecused = !!user.memberId && recused.has(user.memberId);
    const privileged = user.role === 'SECRETARIAT' || user.role === 'PRESIDENT';
    const mySeats = user.memberId ? this.seatsOf(ctx, user.memberId) : [];
    // COI-1: a recused member does not see the live tally of the item.
    const showProgress = item.voteState !== 'NOT_OPENED' && !iAmRecused;
    return {
      itemId: item.id,
      voteState: item.voteState,
      openedAt: item.voteOpenedAt?.toISOString() ?? null,
      closedAt: item.voteClosedAt?.toISOString() ?? null,
      voters: showProgress
        ? ballots.map((b) => ({
            memberId: b.voterMemberId,
            name: name(b.voterMemberId),
            capacity: b.capacity,
            forName: b.capacity === 'PROXY' || b.voterMemberId !== b.representedMemberId ? name(b.representedMemberId) : null,
          }))
        : null,
      eligibleCount: seats.length,
      votedCount: ballots.length,
      recusals: [...recused.values()].map((r) => ({ memberId: r.memberId, name: name(r.memberId), reason: r.reason, automatic: r.automatic })),
      dissents: dissents.map((d) => ({ memberId: d.memberId, name: this.signedName(ctx, d.memberId), text: d.text })),
      result: item.voteState === 'CLOSED' ? item.result : null,
      mySeats: mySeats.map((s) => {
        const b = ballots.find((x) => x.representedMemberId === s.representedMemberId);
        return {
          capacity: s.capacity,
          representedMemberId: s.representedMemberId,
          label: s.capacity === 'PROXY' ? `pour ${name(s.representedMemberId)}` : s.representedMemberId === user.memberId ? 'pour vous' : `pour ${name(s.representedMemberId)} (suppléance)`,
          choice: b?.choice ?? null,
          reason: b?.reason ?? null,
          blockedReason: null,
        };
      }),
      iAmRecused,
      notVoted:
        privileged && item.voteState === 'OPEN'
          ? seats.filter((s) => !ballots.some((b) => b.representedMemberId === s.representedMemberId)).map((s) => ({ memberId: s.voterMemberId, name: name(s.voterMemberId) }))
          : null,
    };
  }

  // ------------------------------------------------------------------ voting window

  /** The chair (or the secretariat on the chair's behalf) opens the vote on an item. */
  async openVote(user: UserEntity, sittingId: string, itemId: string): Promise<DeliberationDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      const item = await this.item(m, sittingId, itemId, true);
      if (sitting.state !== 'OPEN') throw conflict('Le vote ne peut être ouvert que pendant la séance.');
      if (sitting.mode === 'WRITTEN') throw conflict("Dans une délibération écrite, les votes s'ouvrent et se closent avec la délibération (REM-3).");
      const quorum = await this.view.quorum(m, sitting);
      if (!quorum.reached) throw conflict(`${quorum.text} : la commission ne peut pas délibérer (QUOR-1). Proposez une seconde convocation (QUOR-2).`);
      if (item.voteState !== 'NOT_OPENED') throw conflict('Le vote sur ce point a déjà été ouvert.');
      await this.openVoteIn(m, sitting, item);
      return this.dto(m, sitting, user);
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
      return this.dto(m, sitting, user);
    });
  }

  /**
   * VOTE-1: closes the vote and computes the opinion; the opinion is written to the PSP
   * request in the same transaction (PSP-4). The item row is locked FOR UPDATE, which
   * waits for ballots in flight (they hold it FOR SHARE): none is lost, none comes after.
   */
  private async closeVoteIn(m: EntityManager, sitting: SittingEntity, itemId: string): Promise<void> {
    const item = await this.item(m, sitting.id, itemId, true);
    if (item.voteState !== 'OPEN') throw conflict("Le vote sur ce point n'est pas ouvert.");
    const ctx = await this.context(m, sitting, item);
    const ballots = await m.getRepository(BallotEntity).find({ where: { agendaItemId: item.id } });
    const eligible = new Set(ctx.seats.map((s) => s.representedMemberId));
    const counted = ballots.filter((b) => eligible.has(b.representedMemberId));
    const rule = await this.abstentionRule(m);
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
    const voterId = this.voterOf(user, dto.memberId);
    try {
      return await this.db.transaction(async (m) => {
        const sitting = await this.sittings.find(m, sittingId);
        const item = await this.item(m, sittingId, itemId, false);
        if (item.voteState !== 'OPEN') throw conflict(item.voteState === 'CLOSED' ? 'Le vote sur ce point est clos.' : "Le vote sur ce point n'est pas encore ouvert.");
        const ctx = await this.context(m, sitting, item);
        const row = ctx.rows.find((r) => r.memberId === voterId);
        if (item.kind === 'PSP_REQUEST' && row?.excludedFromPsp) {
          throw new ForbiddenException({ statusCode: 403, message: 'Les membres exclus de l’examen des demandes individuelles ne votent pas sur ce point (COMP-3).' });
        }
        if (ctx.recused.has(voterId)) {
          throw new ForbiddenException({ statusCode: 403, message: "Vous avez un intérêt déclaré sur ce point : vous ne prenez pas part au vote (COI-1)." });
        }
        const seat = this.seatsOf(ctx, voterId).find((s) => s.capacity === dto.capacity);
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
        if (existing && existing.clientKey === dto.clientKey) return this.dto(m, sitting, user);
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
        await this.appendLog(m, item.id, ballot, existing ? 'CHANGE' : 'CAST');
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
        return this.dto(m, sitting, user);
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
    const memberId = this.voterOf(user, dto.memberId);
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      const item = await this.item(m, sittingId, itemId, true);
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
          await this.appendLog(m, item.id, b, 'WITHDRAW');
          await m.delete(BallotEntity, { id: b.id });
        }
      }
      await this.audit.record(m, { action: 'interest.declared', entityType: 'agenda_item', entityId: item.id, details: { memberId, rule: 'COI-1' } });
      await this.events.notify(m, sitting.id);
      return this.dto(m, sitting, user);
    });
  }

  /** PV-1: a member asks that their disagreement with the opinion be recorded in the minutes. */
  async recordDissent(user: UserEntity, sittingId: string, itemId: string, dto: DissentDto): Promise<DeliberationDto> {
    const memberId = this.voterOf(user, undefined);
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      const item = await this.item(m, sittingId, itemId, false);
      if (item.voteState !== 'CLOSED') throw conflict("La position divergente se consigne une fois l'avis adopté.");
      if (!['OPEN', 'CLOSED'].includes(sitting.state)) throw conflict('Le procès-verbal est déjà rédigé : adressez-vous au secrétariat.');
      const ctx = await this.context(m, sitting, item);
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
      return this.dto(m, sitting, user);
    });
  }

  /** REM-3: comments shared with all participants of a written deliberation (and of any open sitting). */
  async comment(user: UserEntity, sittingId: string, dto: CommentDto): Promise<DeliberationDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      await this.sittings.assertCanSee(user, sitting);
      if (sitting.state !== 'OPEN') throw conflict('Les échanges sont ouverts pendant la délibération uniquement.');
      if (dto.itemId) {
        const item = await this.item(m, sittingId, dto.itemId, false);
        if (user.memberId) {
          const ctx = await this.context(m, sitting, item);
          if (ctx.recused.has(user.memberId)) {
            throw new ForbiddenException({ statusCode: 403, message: 'Vous avez un intérêt déclaré sur ce point : vous ne prenez pas part à sa discussion (COI-1).' });
          }
          if (item.kind === 'PSP_REQUEST' && seatRowOf(ctx.rows, user.memberId, sitting.state)?.excludedFromPsp) {
            throw new ForbiddenException({ statusCode: 403, message: 'Vous ne siégez pas pour ce point (COMP-3).' });
          }
        }
      }
      await m.insert(DeliberationCommentEntity, {
        sittingId,
        agendaItemId: dto.itemId ?? null,
        authorUserId: user.id,
        authorMemberId: user.memberId,
        body: dto.body.trim(),
        createdAt: this.clock.now(),
      });
      if (user.memberId && sitting.mode === 'WRITTEN') {
        await m.update(SittingMemberEntity, { sittingId, memberId: user.memberId }, { lastActivityAt: this.clock.now() });
      }
      await this.audit.record(m, { action: 'deliberation.commented', entityType: 'sitting', entityId: sittingId, details: { itemId: dto.itemId ?? null } });
      await this.events.notify(m, sittingId);
      return this.dto(m, sitting, user);
    });
  }

  /** REM-3: a member asks for the item to go to a physical sitting (a setting, off by default). */
  async requestPhysicalSitting(user: UserEntity, sittingId: string, itemId: string, dto: PhysicalRequestDto): Promise<DeliberationDto> {
    const memberId = this.voterOf(user, undefined);
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      if ((await this.params.get('written.allow_physical_request', parisDate(this.clock.now()), m)) !== 1) {
        throw conflict("La demande d'examen en séance physique n'est pas ouverte par le règlement de la commission (REM-3).");
      }
      if (sitting.mode !== 'WRITTEN' || sitting.state !== 'OPEN') throw conflict("Cette demande ne vaut que pendant une délibération écrite.");
      await this.item(m, sittingId, itemId, false);
      await m.query(
        `INSERT INTO physical_sitting_request (agenda_item_id, member_id, reason, requested_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (agenda_item_id, member_id) DO NOTHING`,
        [itemId, memberId, dto.reason.trim(), this.clock.now()],
      );
      await this.audit.record(m, { action: 'deliberation.physical_requested', entityType: 'agenda_item', entityId: itemId, details: { memberId, rule: 'REM-3' } });
      await this.events.notify(m, sittingId);
      return this.dto(m, sitting, user);
    });
  }

  /** Reminder e-mail to the members who have not voted yet on an open item. */
  async remindNonVoters(user: UserEntity, sittingId: string, itemId: string): Promise<{ reminded: number }> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      const item = await this.item(m, sittingId, itemId, false);
      if (item.voteState !== 'OPEN') throw conflict("Le vote sur ce point n'est pas ouvert.");
      const ctx = await this.context(m, sitting, item);
      const ballots = await m.getRepository(BallotEntity).find({ where: { agendaItemId: item.id } });
      const missing = [...new Set(ctx.seats.filter((s) => !ballots.some((b) => b.representedMemberId === s.representedMemberId)).map((s) => s.voterMemberId))];
      for (const memberId of missing) {
        const member = ctx.members.get(memberId);
        if (!member) continue;
        await this.outbox.enqueue(m, {
          template: 'vote-reminder',
          recipient: member.email,
          mail: renderMail(`Vote en attente : séance n° ${sitting.number}`, {
            paragraphs: [
              `Bonjour ${memberName(member)},`,
              `Le vote sur le point « ${item.title} » de la séance n° ${sitting.number} est ouvert et vous n'avez pas encore voté.`,
              sitting.earliestCloseAt ? `La délibération peut être close à partir du ${formatDateTimeFr(sitting.earliestCloseAt)}.` : '',
            ].filter(Boolean),
            action: { label: 'Voter', url: `${this.config.publicUrl}/seances/${sitting.id}` },
          }),
          related: { type: 'sitting', id: sitting.id },
        });
      }
      await this.audit.record(m, { action: 'vote.reminded', entityType: 'agenda_item', entityId: item.id, details: { members: missing.length } });
      void user;
      return { reminded: missing.length };
    });
  }

  async updateNotes(user: UserEntity, sittingId: string, itemId: string, dto: ItemNotesDto): Promise<DeliberationDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      if (['MINUTES_SIGNED', 'CANCELLED'].includes(sitting.state)) throw conflict('Le procès-verbal est signé : les notes ne changent plus.');
      const item = await this.item(m, sittingId, itemId, true);
      await m.update(AgendaItemEntity, { id: item.id }, { summary: dto.summary?.trim() || null, discussionNotes: dto.discussionNotes?.trim() || null });
      await this.audit.record(m, { action: 'agenda.notes_updated', entityType: 'agenda_item', entityId: item.id });
      return this.dto(m, sitting, user);
    });
  }

  /** COMP-1: the chair of the sitting and the délégation it acts under. */
  async setChair(user: UserEntity, sittingId: string, memberId: string, delegation: string): Promise<DeliberationDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      if (!['PLANNED', 'CONVENED', 'OPEN'].includes(sitting.state)) throw conflict('La présidence ne peut plus être modifiée.');
      const member = await m.getRepository(MemberEntity).findOne({ where: { id: memberId } });
      if (!member) throw fieldError('memberId', 'Membre introuvable.');
      sitting.chairMemberId = member.id;
      sitting.chairDelegation = delegation.trim();
      await m.save(sitting);
      await this.audit.record(m, { action: 'sitting.chair_set', entityType: 'sitting', entityId: sittingId, details: { memberId, rule: 'COMP-1' } });
      await this.events.notify(m, sittingId);
      return this.dto(m, sitting, user);
    });
  }

  // ------------------------------------------------------------------ internals

  /**
   * COMP-1: at opening, the chair defaults to the présidence titulaire when present,
   * else to the suppléant who sits for them.
   */
  private async assignChair(m: EntityManager, sitting: SittingEntity): Promise<void> {
    if (sitting.chairMemberId) return;
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id } });
    const members = rows.length ? await m.getRepository(MemberEntity).find({ where: { id: In(rows.map((r) => r.memberId)), categoryCode: 'PRESIDENCE' } }) : [];
    for (const p of members) {
      const row = rows.find((r) => r.memberId === p.id);
      const present = sitting.mode === 'WRITTEN' || (row?.confirmedPresence && row.confirmedPresence !== 'ABSENT');
      if (present) {
        sitting.chairMemberId = p.id;
        sitting.chairDelegation = `${p.function}, présidence de droit (CASF R121-12-7)`;
        break;
      }
      if (row?.substituteId) {
        const sub = await m.getRepository(MemberEntity).findOneOrFail({ where: { id: row.substituteId } });
        sitting.chairMemberId = sub.id;
        sitting.chairDelegation = `${sub.function}, par délégation de ${memberName(p)} (${p.function})`;
        break;
      }
    }
    if (sitting.chairMemberId) await m.save(sitting);
  }

  /**
   * The seats of an item: who votes for whom. MEMB-1: a suppléant sitting for an absent
   * titulaire casts the titulaire's vote. MAND-1: a present holder casts the giver's vote.
   * COI-1: recused seats and recused voters are out. COMP-3: excluded members are out of PSP items.
   */
  private async context(m: EntityManager, sitting: SittingEntity, item: AgendaItemEntity): Promise<ItemContext> {
    // Ordered, so that seats (and the ballots shown) come in the same order whatever the plan.
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id }, order: { memberId: 'ASC' } });
    const ids = new Set<string>();
    for (const r of rows) {
      ids.add(r.memberId);
      if (r.substituteId) ids.add(r.substituteId);
      if (r.mandateHolderId) ids.add(r.mandateHolderId);
    }
    const memberList = ids.size ? await m.getRepository(MemberEntity).find({ where: { id: In([...ids]) } }) : [];
    const members = new Map(memberList.map((x) => [x.id, x] as const));
    const declarations = await m.getRepository(InterestDeclarationEntity).find({ where: { agendaItemId: item.id } });
    const recused = new Map(declarations.map((d) => [d.memberId, d] as const));
    const seats: Seat[] = [];
    const written = sitting.mode === 'WRITTEN';
    const presentOf = (r: SittingMemberEntity) => (r.confirmedPresence ?? (r.answer === 'PRESENT' ? 'PRESENT' : r.answer === 'REMOTE' ? 'REMOTE' : 'ABSENT'));
    for (const r of rows) {
      const member = members.get(r.memberId);
      if (!r.convened || !member?.votingRight) continue;
      if (item.kind === 'PSP_REQUEST' && r.excludedFromPsp) continue;
      if (recused.has(r.memberId)) continue;
      if (written) {
        seats.push({ representedMemberId: r.memberId, voterMemberId: r.memberId, capacity: 'OWN' });
        continue;
      }
      const presence = presentOf(r);
      if (presence !== 'ABSENT') {
        seats.push({ representedMemberId: r.memberId, voterMemberId: r.memberId, capacity: 'OWN' });
      } else if (r.substituteId && !recused.has(r.substituteId)) {
        seats.push({ representedMemberId: r.memberId, voterMemberId: r.substituteId, capacity: 'OWN' });
      } else if (r.answer === 'MANDATE' && r.mandateHolderId && !recused.has(r.mandateHolderId)) {
        const holder = rows.find((x) => x.memberId === r.mandateHolderId);
        if (holder && presentOf(holder) !== 'ABSENT' && !(item.kind === 'PSP_REQUEST' && holder.excludedFromPsp)) {
          seats.push({ representedMemberId: r.memberId, voterMemberId: r.mandateHolderId, capacity: 'PROXY' });
        }
      }
    }
    return { sitting, item, rows, members, recused, seats };
  }

  /** PV-1 / MEMB-1: a dissent is printed in its author's name; a suppléant's says for whom they sat. */
  private signedName(ctx: ItemContext, memberId: string): string {
    const author = ctx.members.get(memberId);
    if (!author) return '';
    const row = ctx.rows.find((r) => r.substituteId === memberId);
    const titulaire = row ? ctx.members.get(row.memberId) : undefined;
    return titulaire ? `${memberName(author)} (${substituteOfText(author.civility, memberName(titulaire))})` : memberName(author);
  }

  private seatsOf(ctx: ItemContext, voterId: string): Seat[] {
    // MAND-1: the voter's own seat first ("pour vous"), then the mandate ("pour Mme X").
    return ctx.seats.filter((s) => s.voterMemberId === voterId).sort((a, b) => (a.capacity === b.capacity ? 0 : a.capacity === 'OWN' ? -1 : 1));
  }

  private voterOf(user: UserEntity, onBehalf: string | undefined): string {
    if (onBehalf && (user.role === 'SECRETARIAT' || user.role === 'PRESIDENT')) return onBehalf;
    if (onBehalf && onBehalf !== user.memberId) {
      throw new ForbiddenException({ statusCode: 403, message: 'Vous ne pouvez agir que pour vous-même.' });
    }
    if (!user.memberId) throw new ForbiddenException({ statusCode: 403, message: "Votre compte n'est rattaché à aucun membre de la commission." });
    return user.memberId;
  }

  private async item(m: EntityManager, sittingId: string, itemId: string, lock: boolean): Promise<AgendaItemEntity> {
    const item = await m.getRepository(AgendaItemEntity).findOne({
      where: { id: itemId, sittingId },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!item || item.removedAt) throw notFound("Point de l'ordre du jour introuvable.");
    return item;
  }

  private async abstentionRule(m: EntityManager): Promise<AbstentionRule> {
    return (await this.params.get('vote.abstentions_counted', parisDate(this.clock.now()), m)) === 1 ? 'COUNTED' : 'EXCLUDED';
  }

  /** Appends an entry to the item's ballot chain (tamper evidence), serialised per item. */
  private async appendLog(m: EntityManager, itemId: string, ballot: BallotEntity, event: 'CAST' | 'CHANGE' | 'WITHDRAW'): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ballot_log:${itemId}`]);
    const last: { hash: string }[] = await m.query(`SELECT hash FROM ballot_log WHERE agenda_item_id = $1 ORDER BY id DESC LIMIT 1`, [itemId]);
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

  /** REM-3: the outcome of a written deliberation is sent to all members. */
  private async sendWrittenOutcome(m: EntityManager, sitting: SittingEntity): Promise<void> {
    const items = await this.sittings.liveItems(m, sitting.id);
    const lines = items.map((i) => `${i.position}. ${i.title} : ${i.result?.text ?? 'vote non clos'}`);
    const members = await m.getRepository(MemberEntity).find({ where: { departementCode: sitting.departementCode } });
    const today = parisDate(this.clock.now());
    for (const member of members.filter((x) => (x.endedAt === null || x.endedAt > today) && (x.termEnd === null || x.termEnd >= today))) {
      await this.outbox.enqueue(m, {
        template: 'written-outcome',
        recipient: member.email,
        mail: renderMail(`Résultat de la délibération écrite n° ${sitting.number}`, {
          paragraphs: [`Bonjour ${memberName(member)},`, `La délibération électronique écrite n° ${sitting.number} est close. Résultats :`, ...lines],
          action: { label: 'Voir la délibération', url: `${this.config.publicUrl}/seances/${sitting.id}` },
        }),
        related: { type: 'sitting', id: sitting.id },
      });
    }
  }

  /** Test and tooling support: verifies the ballot chain of an item. */
  async verifyBallotChain(itemId: string): Promise<{ ok: boolean; brokenId: string | null }> {
    const rows = await this.db.getRepository(BallotLogEntity).find({ where: { agendaItemId: itemId }, order: { id: 'ASC' } });
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
        details: { itemId, voter: r.voterMemberId, represented: r.representedMemberId, capacity: r.capacity, choice: r.choice },
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
