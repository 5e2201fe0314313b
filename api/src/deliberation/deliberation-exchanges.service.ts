import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  CommentDto,
  DeliberationDto,
  ItemNotesDto,
  PhysicalRequestDto,
  formatDateTimeFr,
  parisDate,
} from '@cdlp/shared';
import { renderMail } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { TenantDb } from '../core/database/tenant-db';
import { conflict, fieldError } from '../core/http/errors';
import { OutboxService } from '../core/outbox/outbox.service';
import { ParametersService } from '../core/parameters/parameters.service';
import { MemberEntity } from '../registry/member.entity';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { SittingEvents } from '../sittings/sitting-events';
import { SittingMemberEntity } from '../sittings/sitting-member.entity';
import { seatRowOf } from '../sittings/sitting-seat';
import { memberName } from '../sittings/sitting-view.service';
import { SittingEntity } from '../sittings/sitting.entity';
import { SittingsService } from '../sittings/sittings.service';
import { BallotEntity, DeliberationCommentEntity } from './deliberation.entities';
import { DeliberationView } from './deliberation-view';

/** Around the votes: the chair (COMP-1), comments and physical-sitting requests (REM-3), reminders, notes, the written outcome. */
@Injectable()
export class DeliberationExchangesService {
  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly params: ParametersService,
    private readonly sittings: SittingsService,
    private readonly events: SittingEvents,
    private readonly deliberationView: DeliberationView,
  ) {}

  /** REM-3: comments shared with all participants of a written deliberation (and of any open sitting). */
  async comment(user: UserEntity, sittingId: string, dto: CommentDto): Promise<DeliberationDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      await this.sittings.assertCanSee(user, sitting);
      if (sitting.state !== 'OPEN')
        throw conflict('Les échanges sont ouverts pendant la délibération uniquement.');
      if (dto.itemId) {
        const item = await this.deliberationView.item(m, sittingId, dto.itemId, false);
        if (user.memberId) {
          const ctx = await this.deliberationView.context(m, sitting, item);
          if (ctx.recused.has(user.memberId)) {
            throw new ForbiddenException({
              statusCode: 403,
              message:
                'Vous avez un intérêt déclaré sur ce point : vous ne prenez pas part à sa discussion (COI-1).',
            });
          }
          if (
            item.kind === 'PSP_REQUEST' &&
            seatRowOf(ctx.rows, user.memberId, sitting.state)?.excludedFromPsp
          ) {
            throw new ForbiddenException({
              statusCode: 403,
              message: 'Vous ne siégez pas pour ce point (COMP-3).',
            });
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
        await m.update(
          SittingMemberEntity,
          { sittingId, memberId: user.memberId },
          { lastActivityAt: this.clock.now() },
        );
      }
      await this.audit.record(m, {
        action: 'deliberation.commented',
        entityType: 'sitting',
        entityId: sittingId,
        details: { itemId: dto.itemId ?? null },
      });
      await this.events.notify(m, sittingId);
      return this.deliberationView.dto(m, sitting, user);
    });
  }

  /** REM-3: a member asks for the item to go to a physical sitting (a setting, off by default). */
  async requestPhysicalSitting(
    user: UserEntity,
    sittingId: string,
    itemId: string,
    dto: PhysicalRequestDto,
  ): Promise<DeliberationDto> {
    const memberId = this.deliberationView.voterOf(user, undefined);
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      if ((await this.params.get('written.allow_physical_request', parisDate(this.clock.now()), m)) !== 1) {
        throw conflict(
          "La demande d'examen en séance physique n'est pas ouverte par le règlement de la commission (REM-3).",
        );
      }
      if (sitting.mode !== 'WRITTEN' || sitting.state !== 'OPEN')
        throw conflict('Cette demande ne vaut que pendant une délibération écrite.');
      await this.deliberationView.item(m, sittingId, itemId, false);
      await m.query(
        `INSERT INTO physical_sitting_request (agenda_item_id, member_id, reason, requested_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (agenda_item_id, member_id) DO NOTHING`,
        [itemId, memberId, dto.reason.trim(), this.clock.now()],
      );
      await this.audit.record(m, {
        action: 'deliberation.physical_requested',
        entityType: 'agenda_item',
        entityId: itemId,
        details: { memberId, rule: 'REM-3' },
      });
      await this.events.notify(m, sittingId);
      return this.deliberationView.dto(m, sitting, user);
    });
  }

  /** Reminder e-mail to the members who have not voted yet on an open item. */
  async remindNonVoters(user: UserEntity, sittingId: string, itemId: string): Promise<{ reminded: number }> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      const item = await this.deliberationView.item(m, sittingId, itemId, false);
      if (item.voteState !== 'OPEN') throw conflict("Le vote sur ce point n'est pas ouvert.");
      const ctx = await this.deliberationView.context(m, sitting, item);
      const ballots = await m.getRepository(BallotEntity).find({ where: { agendaItemId: item.id } });
      const missing = [
        ...new Set(
          ctx.seats
            .filter((s) => !ballots.some((b) => b.representedMemberId === s.representedMemberId))
            .map((s) => s.voterMemberId),
        ),
      ];
      for (const memberId of missing) {
        const member = ctx.members.get(memberId);
        // A member without an e-mail address is reminded by the secretariat, not by mail.
        if (!member || member.email === null) continue;
        await this.outbox.enqueue(m, {
          template: 'vote-reminder',
          recipient: member.email,
          mail: renderMail(`Vote en attente : séance n° ${sitting.number}`, {
            paragraphs: [
              `Bonjour ${memberName(member)},`,
              `Le vote sur le point « ${item.title} » de la séance n° ${sitting.number} est ouvert et vous n'avez pas encore voté.`,
              sitting.earliestCloseAt
                ? `La délibération peut être close à partir du ${formatDateTimeFr(sitting.earliestCloseAt)}.`
                : '',
            ].filter(Boolean),
            action: { label: 'Voter', url: `${this.config.publicUrl}/seances/${sitting.id}` },
          }),
          related: { type: 'sitting', id: sitting.id },
        });
      }
      await this.audit.record(m, {
        action: 'vote.reminded',
        entityType: 'agenda_item',
        entityId: item.id,
        details: { members: missing.length },
      });
      void user;
      return { reminded: missing.length };
    });
  }

  async updateNotes(
    user: UserEntity,
    sittingId: string,
    itemId: string,
    dto: ItemNotesDto,
  ): Promise<DeliberationDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId);
      if (['MINUTES_SIGNED', 'CANCELLED'].includes(sitting.state))
        throw conflict('Le procès-verbal est signé : les notes ne changent plus.');
      const item = await this.deliberationView.item(m, sittingId, itemId, true);
      await m.update(
        AgendaItemEntity,
        { id: item.id },
        { summary: dto.summary?.trim() || null, discussionNotes: dto.discussionNotes?.trim() || null },
      );
      await this.audit.record(m, {
        action: 'agenda.notes_updated',
        entityType: 'agenda_item',
        entityId: item.id,
      });
      return this.deliberationView.dto(m, sitting, user);
    });
  }

  /** COMP-1: the chair of the sitting and the délégation it acts under. */
  async setChair(
    user: UserEntity,
    sittingId: string,
    memberId: string,
    delegation: string,
  ): Promise<DeliberationDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      if (!['PLANNED', 'CONVENED', 'OPEN'].includes(sitting.state))
        throw conflict('La présidence ne peut plus être modifiée.');
      const member = await m.getRepository(MemberEntity).findOne({ where: { id: memberId } });
      if (!member) throw fieldError('memberId', 'Membre introuvable.');
      sitting.chairMemberId = member.id;
      sitting.chairDelegation = delegation.trim();
      await m.save(sitting);
      await this.audit.record(m, {
        action: 'sitting.chair_set',
        entityType: 'sitting',
        entityId: sittingId,
        details: { memberId, rule: 'COMP-1' },
      });
      await this.events.notify(m, sittingId);
      return this.deliberationView.dto(m, sitting, user);
    });
  }

  /**
   * COMP-1: at opening, the chair defaults to the présidence titulaire when present,
   * else to the suppléant who sits for them.
   */
  async assignChair(m: EntityManager, sitting: SittingEntity): Promise<void> {
    if (sitting.chairMemberId) return;
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id } });
    const members = rows.length
      ? await m
          .getRepository(MemberEntity)
          .find({ where: { id: In(rows.map((r) => r.memberId)), categoryCode: 'PRESIDENCE' } })
      : [];
    for (const p of members) {
      const row = rows.find((r) => r.memberId === p.id);
      const present =
        sitting.mode === 'WRITTEN' || (row?.confirmedPresence && row.confirmedPresence !== 'ABSENT');
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

  /** REM-3: the outcome of a written deliberation is sent to all members. */
  async sendWrittenOutcome(m: EntityManager, sitting: SittingEntity): Promise<void> {
    const items = await this.sittings.liveItems(m, sitting.id);
    const lines = items.map((i) => `${i.position}. ${i.title} : ${i.result?.text ?? 'vote non clos'}`);
    const members = await m
      .getRepository(MemberEntity)
      .find({ where: { departementCode: sitting.departementCode } });
    const today = parisDate(this.clock.now());
    for (const member of members.filter(
      (x) => (x.endedAt === null || x.endedAt > today) && (x.termEnd === null || x.termEnd >= today),
    )) {
      // No e-mail address: nothing to send (the outcome is on the portal and in the minutes).
      if (member.email === null) continue;
      await this.outbox.enqueue(m, {
        template: 'written-outcome',
        recipient: member.email,
        mail: renderMail(`Résultat de la délibération écrite n° ${sitting.number}`, {
          paragraphs: [
            `Bonjour ${memberName(member)},`,
            `La délibération électronique écrite n° ${sitting.number} est close. Résultats :`,
            ...lines,
          ],
          action: { label: 'Voir la délibération', url: `${this.config.publicUrl}/seances/${sitting.id}` },
        }),
        related: { type: 'sitting', id: sitting.id },
      });
    }
  }
}
