import { ForbiddenException, Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import {
  AttendanceAnswerDto,
  ConfirmPresenceDto,
  CreateSittingDto,
  SittingDto,
  checkMandate,
  parisDate,
} from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { conflict, fieldError, notFound } from '../core/http/errors';
import { MemberEntity } from '../registry/member.entity';
import { isActive } from '../registry/registry.mapper';
import { AgendaItemEntity } from './agenda-item.entity';
import { SittingEvents } from './sitting-events';
import { SittingMemberEntity } from './sitting-member.entity';
import { SittingViewService } from './sitting-view.service';
import { SittingEntity } from './sitting.entity';
import { SittingsService } from './sittings.service';
import { TenantDb } from '../core/database/tenant-db';

export interface SittingLifecycleHooks {
  /** Runs in the opening transaction (written deliberations open their votes). */
  onOpened(m: EntityManager, sitting: SittingEntity): Promise<void>;
  /** Runs in the closing transaction, before the state changes (votes are closed or refused). */
  beforeClose(m: EntityManager, sitting: SittingEntity): Promise<void>;
}

/** Attendance answers, mandates (MAND-1), substitutes (MEMB-1), the register, opening and second convocation (QUOR-2). */
@Injectable()
export class AttendanceService {
  private hooks: SittingLifecycleHooks | null = null;

  /** The deliberation module registers here, so that sittings do not depend on it. */
  registerLifecycle(hooks: SittingLifecycleHooks): void {
    this.hooks = hooks;
  }

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly sittings: SittingsService,
    private readonly view: SittingViewService,
    private readonly events: SittingEvents,
  ) {}

  /** A member answers the convocation (or the secretariat answers on the member's behalf), until the sitting opens. */
  async answer(user: UserEntity, id: string, dto: AttendanceAnswerDto): Promise<SittingDto> {
    let memberId: string;
    if (user.role === 'SECRETARIAT' || user.role === 'PRESIDENT') {
      if (!dto.memberId && !user.memberId) throw fieldError('memberId', 'Indiquez le membre pour lequel vous répondez.');
      memberId = dto.memberId ?? (user.memberId as string);
    } else {
      if (!user.memberId) throw new ForbiddenException({ statusCode: 403, message: "Votre compte n'est rattaché à aucun membre de la commission." });
      if (dto.memberId && dto.memberId !== user.memberId) {
        throw new ForbiddenException({ statusCode: 403, message: 'Vous ne pouvez répondre que pour vous-même.' });
      }
      memberId = user.memberId;
    }
    try {
      return await this.db.transaction(async (m) => {
        const sitting = await this.sittings.find(m, id, true);
        if (!['PLANNED', 'CONVENED'].includes(sitting.state)) {
          throw conflict('La séance est ouverte : les réponses ne peuvent plus changer. Adressez-vous au secrétariat.');
        }
        if (sitting.mode === 'WRITTEN' && (dto.answer === 'PRESENT' || dto.answer === 'SUBSTITUTED' || dto.answer === 'MANDATE')) {
          throw fieldError('answer', 'Dans une délibération écrite, chacun participe en ligne : seules les réponses « à distance » ou « absent » sont possibles (REM-1).');
        }
        const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id } });
        const row = rows.find((r) => r.memberId === memberId);
        if (!row || !row.convened) throw new ForbiddenException({ statusCode: 403, message: "Ce membre n'est pas convoqué à cette séance." });
        const member = await m.getRepository(MemberEntity).findOneOrFail({ where: { id: memberId } });
        if (dto.answer === 'SUBSTITUTED') {
          const date = parisDate(sitting.startsAt);
          const subs = await m.getRepository(MemberEntity).find({ where: { titulaireId: memberId, seat: 'SUPPLEANT' } });
          if (!subs.some((s) => isActive(s.endedAt, s.termEnd, date))) {
            throw fieldError(
              'answer',
              member.appointmentKind === 'QUALIFIED_PERSON'
                ? 'Une personnalité qualifiée ne peut pas être suppléée : vous pouvez donner mandat à un autre membre (MEMB-1).'
                : "Aucun suppléant en fonction n'est désigné pour vous : vous pouvez donner mandat à un autre membre (MEMB-1).",
            );
          }
        }
        if (dto.answer === 'MANDATE') {
          const holderRow = rows.find((r) => r.memberId === dto.mandateHolderId);
          const items = await m.getRepository(AgendaItemEntity).count({ where: { sittingId: sitting.id, kind: 'PSP_REQUEST' } });
          const problem = checkMandate(
            memberId,
            row.excludedFromPsp,
            holderRow
              ? {
                  id: holderRow.memberId,
                  convened: holderRow.convened,
                  excluded: holderRow.excludedFromPsp,
                  answer: holderRow.answer,
                  mandatesHeld: rows.filter((r) => r.mandateHolderId === holderRow.memberId && r.memberId !== memberId).length,
                }
              : undefined,
            items > 0,
          );
          if (problem) throw fieldError('mandateHolderId', problem);
        }
        const held = rows.filter((r) => r.mandateHolderId === memberId);
        if (held.length > 0 && ['ABSENT', 'SUBSTITUTED', 'MANDATE'].includes(dto.answer)) {
          throw fieldError(
            'answer',
            'Vous détenez le mandat d’un autre membre : il ne compterait plus si vous étiez absent(e). Demandez-lui d’abord de choisir un autre mandataire (MAND-1).',
          );
        }
        await m.update(
          SittingMemberEntity,
          { sittingId: sitting.id, memberId },
          {
            answer: dto.answer,
            mandateHolderId: dto.answer === 'MANDATE' ? (dto.mandateHolderId as string) : null,
            answeredAt: this.clock.now(),
          },
        );
        await this.audit.record(m, {
          action: 'attendance.answered',
          entityType: 'sitting',
          entityId: sitting.id,
          details: { memberId, answer: dto.answer, mandateHolderId: dto.mandateHolderId ?? null, onBehalf: user.memberId !== memberId },
        });
        await this.events.notify(m, sitting.id);
        return this.view.dto(m, sitting, user);
      });
    } catch (err) {
      // MAND-1 is also a unique index: two members giving a mandate to the same holder at once.
      if (err instanceof QueryFailedError && (err as unknown as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw fieldError('mandateHolderId', 'Ce membre détient déjà un mandat : nul ne peut en détenir plus d’un (MAND-1).');
      }
      throw err;
    }
  }

  /** The secretariat confirms the presence register (MEMB-1: a suppléant may sit for an absent titulaire). */
  async confirmPresence(user: UserEntity, id: string, dto: ConfirmPresenceDto): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      if (!['CONVENED', 'OPEN'].includes(sitting.state)) throw conflict('Le registre de présence se tient pour une séance convoquée ou ouverte.');
      if (sitting.mode === 'WRITTEN') throw conflict('Dans une délibération écrite, la participation est relevée à partir de l’activité (REM-1).');
      const row = await m.getRepository(SittingMemberEntity).findOne({ where: { sittingId: id, memberId: dto.memberId } });
      if (!row || !row.convened) throw notFound("Ce membre n'est pas convoqué à cette séance.");
      let substituteId: string | null = null;
      if (dto.substituteId) {
        if (dto.presence !== 'ABSENT') throw fieldError('substituteId', 'Un suppléant ne siège que pour un titulaire absent (MEMB-1).');
        const sub = await m.getRepository(MemberEntity).findOne({ where: { id: dto.substituteId } });
        if (!sub || sub.titulaireId !== dto.memberId || !isActive(sub.endedAt, sub.termEnd, parisDate(sitting.startsAt))) {
          throw fieldError('substituteId', "Ce membre n'est pas un suppléant en fonction de ce titulaire (MEMB-1).");
        }
        substituteId = sub.id;
      }
      await m.update(SittingMemberEntity, { sittingId: id, memberId: dto.memberId }, { confirmedPresence: dto.presence, substituteId });
      await this.audit.record(m, {
        action: 'attendance.confirmed',
        entityType: 'sitting',
        entityId: id,
        details: { memberId: dto.memberId, presence: dto.presence, substituteId },
      });
      await this.events.notify(m, id);
      return this.view.dto(m, sitting, user);
    });
  }

  /**
   * Opens the sitting. The register starts from the answers; the quorum (QUOR-1, REM-2)
   * is computed live from then on. A written deliberation opens at its announced time (REM-3).
   */
  async open(user: UserEntity, id: string): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      if (sitting.state !== 'CONVENED') throw conflict('Seule une séance convoquée peut être ouverte.');
      const now = this.clock.now();
      if (sitting.mode === 'WRITTEN' && sitting.opensAt && now < sitting.opensAt) {
        throw conflict(`La délibération écrite ne peut pas s'ouvrir avant l'heure annoncée (REM-3).`);
      }
      if (parisDate(now) < parisDate(sitting.startsAt)) throw conflict("La séance ne peut pas être ouverte avant le jour prévu.");
      const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: id } });
      const date = parisDate(sitting.startsAt);
      for (const r of rows) {
        if (r.confirmedPresence) continue;
        let presence: 'PRESENT' | 'REMOTE' | 'ABSENT' = r.answer === 'PRESENT' ? 'PRESENT' : r.answer === 'REMOTE' ? 'REMOTE' : 'ABSENT';
        let substituteId: string | null = null;
        if (r.answer === 'SUBSTITUTED') {
          const subs = await m.getRepository(MemberEntity).find({ where: { titulaireId: r.memberId, seat: 'SUPPLEANT' } });
          substituteId = subs.find((s) => isActive(s.endedAt, s.termEnd, date))?.id ?? null;
          presence = 'ABSENT';
        }
        if (sitting.mode !== 'WRITTEN') {
          await m.update(SittingMemberEntity, { sittingId: id, memberId: r.memberId }, { confirmedPresence: presence, substituteId });
        }
      }
      Object.assign(sitting, { state: 'OPEN', openedAt: now, updatedAt: now });
      await m.save(sitting);
      if (this.hooks) await this.hooks.onOpened(m, sitting);
      const quorum = await this.view.quorum(m, sitting);
      await this.audit.record(m, {
        action: 'sitting.opened',
        entityType: 'sitting',
        entityId: id,
        details: { quorum: quorum.text, reached: quorum.reached, rule: quorum.rule },
      });
      await this.events.notify(m, id);
      return this.view.dto(m, sitting, user);
    });
  }

  async close(user: UserEntity, id: string): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      if (sitting.state !== 'OPEN') throw conflict('Seule une séance ouverte peut être close.');
      const now = this.clock.now();
      if (sitting.mode === 'WRITTEN' && sitting.earliestCloseAt && now < sitting.earliestCloseAt) {
        throw conflict('Une délibération écrite ne peut pas être close avant la date de clôture annoncée (REM-3).');
      }
      if (this.hooks) await this.hooks.beforeClose(m, sitting);
      Object.assign(sitting, { state: 'CLOSED', closedAt: now, updatedAt: now });
      await m.save(sitting);
      await this.audit.record(m, { action: 'sitting.closed', entityType: 'sitting', entityId: id });
      await this.events.notify(m, id);
      return this.view.dto(m, sitting, user);
    });
  }

  /**
   * QUOR-2: without quorum, a second convocation on the same agenda deliberates
   * without quorum. It is its own sitting, linked to the first, whose agenda moves to it.
   */
  async secondConvocation(user: UserEntity, id: string, when: Pick<CreateSittingDto, 'startsAtLocal' | 'place' | 'videoLink'>): Promise<SittingDto> {
    const first = await this.sittings.find(this.db.manager, id);
    if (!['CONVENED', 'OPEN'].includes(first.state)) throw conflict('La seconde convocation suit une séance convoquée ou ouverte sans quorum.');
    if (first.secondConvocationOf) throw conflict('Une seconde convocation ne peut pas elle-même être reconvoquée (QUOR-2).');
    const quorum = await this.view.quorum(this.db.manager, first);
    if (quorum.reached) throw conflict(`Le quorum est atteint (${quorum.text}) : une seconde convocation n'est pas nécessaire.`);
    const created = await this.sittings.create(user, {
      kind: first.kind,
      mode: first.mode === 'WRITTEN' ? 'IN_PERSON' : first.mode,
      startsAtLocal: when.startsAtLocal,
      place: when.place ?? first.place,
      videoLink: when.videoLink ?? first.videoLink,
      title: first.title,
      requestIds: [],
    });
    return this.db.transaction(async (m) => {
      const second = await this.sittings.find(m, created.id, true);
      const firstLocked = await this.sittings.find(m, id, true);
      const items = await this.sittings.liveItems(m, firstLocked.id);
      // The agenda moves as it is: the requests stay on agenda, now in the second sitting.
      for (const item of items) {
        item.removedAt = this.clock.now();
        item.removedReason = `Reporté en seconde convocation (séance n° ${second.number}, QUOR-2)`;
        await m.save(item);
        await m.insert(AgendaItemEntity, {
          sittingId: second.id,
          position: item.position,
          kind: item.kind,
          requestId: item.requestId,
          title: item.title,
          presenter: item.presenter,
          removedAt: null,
          removedReason: null,
          createdAt: this.clock.now(),
        });
      }
      second.secondConvocationOf = firstLocked.id;
      second.agendaLocked = true;
      await m.save(second);
      Object.assign(firstLocked, { state: 'CLOSED', closedAt: this.clock.now(), updatedAt: this.clock.now() });
      await m.save(firstLocked);
      await this.sittings.syncMembers(m, second);
      await this.audit.record(m, {
        action: 'sitting.second_convocation',
        entityType: 'sitting',
        entityId: firstLocked.id,
        details: { secondSittingId: second.id, quorum: quorum.text, rule: 'QUOR-2' },
      });
      await this.events.notify(m, firstLocked.id);
      return this.view.dto(m, second, user);
    });
  }

  /** REM-1: taking part in a written deliberation is recorded from activity (reading, commenting, voting). */
  async recordActivity(sitting: SittingEntity, memberId: string): Promise<void> {
    if (sitting.mode !== 'WRITTEN' || sitting.state !== 'OPEN') return;
    await this.db.transaction(async (m) => {
      await m.update(SittingMemberEntity, { sittingId: sitting.id, memberId }, { lastActivityAt: this.clock.now() });
      await this.events.notify(m, sitting.id);
    });
  }
}
