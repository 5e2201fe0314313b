import { ForbiddenException, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AbstentionRule, DeliberationDto, ItemVotingDto, parisDate, substituteOfText } from '@cdlp/shared';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { notFound } from '../core/http/errors';
import { ParametersService } from '../core/parameters/parameters.service';
import { MemberEntity } from '../registry/member.entity';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { SittingMemberEntity } from '../sittings/sitting-member.entity';
import { seatRowOf } from '../sittings/sitting-seat';
import { memberName } from '../sittings/sitting-view.service';
import { SittingEntity } from '../sittings/sitting.entity';
import { SittingsService } from '../sittings/sittings.service';
import {
  BallotEntity,
  DeliberationCommentEntity,
  DissentEntity,
  InterestDeclarationEntity,
} from './deliberation.entities';

/** A seat that may vote on an item: whose vote it is, and who casts it. */
export interface Seat {
  representedMemberId: string;
  voterMemberId: string;
  capacity: 'OWN' | 'PROXY';
}

export interface ItemContext {
  sitting: SittingEntity;
  item: AgendaItemEntity;
  rows: SittingMemberEntity[];
  members: Map<string, MemberEntity>;
  recused: Map<string, InterestDeclarationEntity>;
  seats: Seat[];
}

/** What a user sees of a sitting's deliberation, and the seats of each item: who votes for whom (MEMB-1, MAND-1, COI-1, COMP-3). */
@Injectable()
export class DeliberationView {
  constructor(
    private readonly clock: Clock,
    private readonly params: ParametersService,
    private readonly sittings: SittingsService,
  ) {}

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
    const visible = items.filter(
      (i) =>
        !(user.role === 'MEMBER' && i.kind === 'PSP_REQUEST' && (!viewerRow || viewerRow.excludedFromPsp)),
    );
    const result: ItemVotingDto[] = [];
    for (const item of visible)
      result.push(await this.itemDto(m, await this.context(m, sitting, item), user));
    const comments = await m
      .getRepository(DeliberationCommentEntity)
      .find({ where: { sittingId: sitting.id }, order: { createdAt: 'ASC' } });
    // COI-1: a recused member takes no part in the discussion of the item: its comments are not shared with them.
    const recusedIds = new Set(result.filter((i) => i.iAmRecused).map((i) => i.itemId));
    const visibleIds = new Set(visible.map((i) => i.id).filter((itemId) => !recusedIds.has(itemId)));
    const chair = sitting.chairMemberId
      ? await m.getRepository(MemberEntity).findOne({ where: { id: sitting.chairMemberId } })
      : null;
    const authors = comments.length
      ? await m
          .getRepository(UserEntity)
          .find({ where: { id: In([...new Set(comments.map((c) => c.authorUserId))]) } })
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
          return {
            id: c.id,
            itemId: c.agendaItemId,
            authorName: a ? `${a.firstName} ${a.lastName}` : '',
            body: c.body,
            createdAt: c.createdAt.toISOString(),
          };
        }),
      physicalRequestsAllowed:
        (await this.params.get('written.allow_physical_request', parisDate(this.clock.now()), m)) === 1,
    };
  }

  private async itemDto(m: EntityManager, ctx: ItemContext, user: UserEntity): Promise<ItemVotingDto> {
    const { item, members, recused, seats } = ctx;
    const ballots = await m.getRepository(BallotEntity).find({ where: { agendaItemId: item.id } });
    const dissents = await m
      .getRepository(DissentEntity)
      .find({ where: { agendaItemId: item.id }, order: { recordedAt: 'ASC' } });
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
            forName:
              b.capacity === 'PROXY' || b.voterMemberId !== b.representedMemberId
                ? name(b.representedMemberId)
                : null,
          }))
        : null,
      eligibleCount: seats.length,
      votedCount: ballots.length,
      recusals: [...recused.values()].map((r) => ({
        memberId: r.memberId,
        name: name(r.memberId),
        reason: r.reason,
        automatic: r.automatic,
      })),
      dissents: dissents.map((d) => ({
        memberId: d.memberId,
        name: this.signedName(ctx, d.memberId),
        text: d.text,
      })),
      result: item.voteState === 'CLOSED' ? item.result : null,
      mySeats: mySeats.map((s) => {
        const b = ballots.find((x) => x.representedMemberId === s.representedMemberId);
        return {
          capacity: s.capacity,
          representedMemberId: s.representedMemberId,
          label:
            s.capacity === 'PROXY'
              ? `pour ${name(s.representedMemberId)}`
              : s.representedMemberId === user.memberId
                ? 'pour vous'
                : `pour ${name(s.representedMemberId)} (suppléance)`,
          choice: b?.choice ?? null,
          reason: b?.reason ?? null,
          blockedReason: null,
        };
      }),
      iAmRecused,
      notVoted:
        privileged && item.voteState === 'OPEN'
          ? seats
              .filter((s) => !ballots.some((b) => b.representedMemberId === s.representedMemberId))
              .map((s) => ({ memberId: s.voterMemberId, name: name(s.voterMemberId) }))
          : null,
    };
  }

  /**
   * The seats of an item: who votes for whom. MEMB-1: a suppléant sitting for an absent
   * titulaire casts the titulaire's vote. MAND-1: a present holder casts the giver's vote.
   * COI-1: recused seats and recused voters are out. COMP-3: excluded members are out of PSP items.
   */
  async context(m: EntityManager, sitting: SittingEntity, item: AgendaItemEntity): Promise<ItemContext> {
    // Ordered, so that seats (and the ballots shown) come in the same order whatever the plan.
    const rows = await m
      .getRepository(SittingMemberEntity)
      .find({ where: { sittingId: sitting.id }, order: { memberId: 'ASC' } });
    const ids = new Set<string>();
    for (const r of rows) {
      ids.add(r.memberId);
      if (r.substituteId) ids.add(r.substituteId);
      if (r.mandateHolderId) ids.add(r.mandateHolderId);
    }
    const memberList = ids.size
      ? await m.getRepository(MemberEntity).find({ where: { id: In([...ids]) } })
      : [];
    const members = new Map(memberList.map((x) => [x.id, x] as const));
    const declarations = await m
      .getRepository(InterestDeclarationEntity)
      .find({ where: { agendaItemId: item.id } });
    const recused = new Map(declarations.map((d) => [d.memberId, d] as const));
    const seats: Seat[] = [];
    const written = sitting.mode === 'WRITTEN';
    const presentOf = (r: SittingMemberEntity) =>
      r.confirmedPresence ??
      (r.answer === 'PRESENT' ? 'PRESENT' : r.answer === 'REMOTE' ? 'REMOTE' : 'ABSENT');
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
        if (
          holder &&
          presentOf(holder) !== 'ABSENT' &&
          !(item.kind === 'PSP_REQUEST' && holder.excludedFromPsp)
        ) {
          seats.push({
            representedMemberId: r.memberId,
            voterMemberId: r.mandateHolderId,
            capacity: 'PROXY',
          });
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
    return titulaire
      ? `${memberName(author)} (${substituteOfText(author.civility, memberName(titulaire))})`
      : memberName(author);
  }

  seatsOf(ctx: ItemContext, voterId: string): Seat[] {
    // MAND-1: the voter's own seat first ("pour vous"), then the mandate ("pour Mme X").
    return ctx.seats
      .filter((s) => s.voterMemberId === voterId)
      .sort((a, b) => (a.capacity === b.capacity ? 0 : a.capacity === 'OWN' ? -1 : 1));
  }

  voterOf(user: UserEntity, onBehalf: string | undefined): string {
    if (onBehalf && (user.role === 'SECRETARIAT' || user.role === 'PRESIDENT')) return onBehalf;
    if (onBehalf && onBehalf !== user.memberId) {
      throw new ForbiddenException({ statusCode: 403, message: 'Vous ne pouvez agir que pour vous-même.' });
    }
    if (!user.memberId)
      throw new ForbiddenException({
        statusCode: 403,
        message: "Votre compte n'est rattaché à aucun membre de la commission.",
      });
    return user.memberId;
  }

  async item(m: EntityManager, sittingId: string, itemId: string, lock: boolean): Promise<AgendaItemEntity> {
    const item = await m.getRepository(AgendaItemEntity).findOne({
      where: { id: itemId, sittingId },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!item || item.removedAt) throw notFound("Point de l'ordre du jour introuvable.");
    return item;
  }

  async abstentionRule(m: EntityManager): Promise<AbstentionRule> {
    return (await this.params.get('vote.abstentions_counted', parisDate(this.clock.now()), m)) === 1
      ? 'COUNTED'
      : 'EXCLUDED';
  }
}
