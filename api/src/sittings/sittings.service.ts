import { ConflictException, Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import {
  CreateSittingDto,
  SittingDto,
  SittingState,
  UpdateSittingDto,
  addDays,
  instantToParisLocal,
  orderAgenda,
  parisDate,
  parisLocalToInstant,
} from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { conflict, fieldError, fieldErrors, notFound } from '../core/http/errors';
import { ParametersService } from '../core/parameters/parameters.service';
import { PathwayPeriodEntity } from '../pathways/pathway-period.entity';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { MemberEntity } from '../registry/member.entity';
import { isActive } from '../registry/registry.mapper';
import { AgendaItemEntity } from './agenda-item.entity';
import { SittingEvents } from './sitting-events';
import { SittingMemberEntity } from './sitting-member.entity';
import { SittingEntity } from './sitting.entity';
import { SittingViewService, assertMemberMaySee } from './sitting-view.service';
import { TenantDb } from '../core/database/tenant-db';
import { findById } from '../core/database/lean';

/** Sittings: creation, changes, cancellation, the automatic agenda (PSP-4), who is convened (COMP-3), who may see one (DP-2, MEMB-1). */
@Injectable()
export class SittingsService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly params: ParametersService,
    private readonly requests: PspRequestsService,
    private readonly events: SittingEvents,
    private readonly view: SittingViewService,
  ) {}

  async get(user: UserEntity, id: string): Promise<SittingDto> {
    const sitting = await this.find(this.db.manager, id);
    // The page's own query brings the convened members: the visibility check uses them.
    return this.view.dto(this.db.manager, sitting, user, { checkVisibility: true });
  }

  async assertVisible(user: UserEntity, id: string): Promise<void> {
    await this.assertCanSee(user, await this.find(this.db.manager, id));
  }

  async assertCanSee(user: UserEntity, sitting: SittingEntity): Promise<void> {
    if (user.role !== 'MEMBER') return;
    const rows = user.memberId
      ? await this.db.getRepository(SittingMemberEntity).find({
          where: [
            { sittingId: sitting.id, memberId: user.memberId },
            { sittingId: sitting.id, substituteId: user.memberId },
          ],
        })
      : [];
    assertMemberMaySee(user, sitting, rows);
  }

  // ------------------------------------------------------------------ writing

  async create(user: UserEntity, dto: CreateSittingDto): Promise<SittingDto> {
    return this.db.transaction(async (m) => this.view.dto(m, await this.createIn(m, user, dto), user));
  }

  /** Creates a sitting inside the caller's transaction (also used by the demo seed). */
  async createIn(m: EntityManager, user: UserEntity, dto: CreateSittingDto): Promise<SittingEntity> {
    const times = await this.checkTimes(dto);
    const now = this.clock.now();
    const sitting = m.create(SittingEntity, {
      departementCode: this.db.departement,
      number: await this.nextNumber(m, times.startsAt),
      kind: dto.kind,
      mode: dto.mode,
      state: 'PLANNED',
      title: dto.title?.trim() || null,
      startsAt: times.startsAt,
      place: dto.place?.trim() || null,
      videoLink: dto.videoLink?.trim() || null,
      opensAt: times.opensAt,
      earliestCloseAt: times.earliestCloseAt,
      convokedAt: null,
      urgent: false,
      urgencyReason: null,
      agendaLocked: false,
      agendaChangedSinceConvocation: false,
      secondConvocationOf: null,
      openedAt: null,
      closedAt: null,
      cancelledAt: null,
      cancelReason: null,
      reminderSentAt: null,
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
    });
    await m.save(sitting);
    await this.audit.record(m, {
      action: 'sitting.created',
      entityType: 'sitting',
      entityId: sitting.id,
      details: { number: sitting.number, kind: sitting.kind, mode: sitting.mode },
    });
    if (sitting.kind === 'EXAMINATION') await this.fillAgenda(m, sitting, dto.requestIds);
    await this.syncMembers(m, sitting);
    return sitting;
  }

  async addPolicyItemIn(m: EntityManager, sitting: SittingEntity, title: string, presenter: string | null): Promise<AgendaItemEntity> {
    const position = (await this.liveItems(m, sitting.id)).length + 1;
    const item = m.create(AgendaItemEntity, {
      sittingId: sitting.id,
      position,
      kind: 'POLICY',
      requestId: null,
      title: title.trim(),
      presenter: presenter?.trim() || null,
      removedAt: null,
      removedReason: null,
      createdAt: this.clock.now(),
    });
    await m.save(item);
    await this.audit.record(m, { action: 'agenda.item_added', entityType: 'sitting', entityId: sitting.id, details: { itemId: item.id, kind: 'POLICY' } });
    await this.syncMembers(m, sitting);
    return item;
  }

  async update(user: UserEntity, id: string, dto: UpdateSittingDto): Promise<SittingDto> {
    const times = await this.checkTimes(dto);
    return this.db.transaction(async (m) => {
      const sitting = await this.find(m, id, true);
      if (!['PLANNED', 'CONVENED'].includes(sitting.state)) {
        throw conflict('Une séance ouverte, close ou annulée ne peut plus être modifiée.');
      }
      if (dto.kind !== sitting.kind) throw fieldError('kind', "Le type d'une séance ne peut pas changer : annulez-la et créez-en une autre.");
      const changed = sitting.startsAt.getTime() !== times.startsAt.getTime() || (dto.place ?? null) !== sitting.place || dto.mode !== sitting.mode;
      Object.assign(sitting, {
        mode: dto.mode,
        title: dto.title?.trim() || null,
        startsAt: times.startsAt,
        place: dto.place?.trim() || null,
        videoLink: dto.videoLink?.trim() || null,
        opensAt: times.opensAt,
        earliestCloseAt: times.earliestCloseAt,
        updatedAt: this.clock.now(),
      });
      // A convened sitting whose date, place or mode changes must be convened again (CONV-1).
      if (sitting.state === 'CONVENED' && changed) sitting.agendaChangedSinceConvocation = true;
      await m.save(sitting);
      await this.audit.record(m, { action: 'sitting.updated', entityType: 'sitting', entityId: sitting.id, details: { reconvocationNeeded: sitting.agendaChangedSinceConvocation } });
      await this.events.notify(m, sitting.id);
      return this.view.dto(m, sitting, user);
    });
  }

  async cancel(user: UserEntity, id: string, reason: string, onCancelled: (m: EntityManager, s: SittingEntity) => Promise<void>): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.find(m, id, true);
      if (!['PLANNED', 'CONVENED'].includes(sitting.state)) throw conflict('Seule une séance programmée ou convoquée peut être annulée.');
      const items = await this.liveItems(m, sitting.id);
      for (const item of items) await this.releaseItem(m, item, `Séance annulée : ${reason}`);
      Object.assign(sitting, { state: 'CANCELLED', cancelledAt: this.clock.now(), cancelReason: reason.trim(), updatedAt: this.clock.now() });
      await m.save(sitting);
      await this.audit.record(m, { action: 'sitting.cancelled', entityType: 'sitting', entityId: sitting.id });
      await onCancelled(m, sitting);
      await this.events.notify(m, sitting.id);
      return this.view.dto(m, sitting, user);
    });
  }

  /** One click: a written deliberation whose agenda holds the given complete requests (REM-1, REM-3). */
  async createWrittenDeliberation(user: UserEntity, requestIds: string[]): Promise<SittingDto> {
    const now = this.clock.now();
    const today = parisDate(now);
    const minDays = await this.params.get('convocation.min_days', today);
    const duration = await this.params.get('written.default_duration_days', today);
    const opens = `${addDays(today, minDays)}T09:00`;
    const closes = `${addDays(today, minDays + duration)}T17:00`;
    return this.create(user, {
      kind: 'EXAMINATION',
      mode: 'WRITTEN',
      startsAtLocal: opens,
      opensAtLocal: opens,
      earliestCloseAtLocal: closes,
      title: 'Délibération électronique écrite',
      requestIds,
    });
  }

  // ------------------------------------------------------------------ helpers

  private async checkTimes(dto: CreateSittingDto): Promise<{ startsAt: Date; opensAt: Date | null; earliestCloseAt: Date | null }> {
    const errors: { field: string; message: string }[] = [];
    const starts = parisLocalToInstant(dto.startsAtLocal);
    if (!starts.ok) errors.push({ field: 'startsAtLocal', message: starts.message });
    let opensAt: Date | null = null;
    let earliestCloseAt: Date | null = null;
    if (dto.mode === 'WRITTEN') {
      const o = parisLocalToInstant(dto.opensAtLocal ?? '');
      const c = parisLocalToInstant(dto.earliestCloseAtLocal ?? '');
      if (!o.ok) errors.push({ field: 'opensAtLocal', message: o.message });
      if (!c.ok) errors.push({ field: 'earliestCloseAtLocal', message: c.message });
      if (o.ok && c.ok) {
        opensAt = o.instant;
        earliestCloseAt = c.instant;
        // The opening is the sitting's start (see below): it cannot be in the past either.
        if (o.instant.getTime() < this.clock.now().getTime()) {
          errors.push({ field: 'opensAtLocal', message: 'La délibération écrite ne peut pas s’ouvrir dans le passé.' });
        }
        const minHours = await this.params.get('written.min_duration_hours', parisDate(this.clock.now()));
        if (c.instant.getTime() - o.instant.getTime() < minHours * 3_600_000) {
          errors.push({
            field: 'earliestCloseAtLocal',
            message: `Une délibération écrite dure au moins ${minHours} heures entre son ouverture et sa clôture au plus tôt (REM-3).`,
          });
        }
      }
    } else if (dto.mode !== 'VIDEO' && !dto.place?.trim()) {
      errors.push({ field: 'place', message: 'Indiquez le lieu de la séance.' });
    }
    if ((dto.mode === 'VIDEO' || dto.mode === 'HYBRID') && !dto.videoLink?.trim()) {
      errors.push({ field: 'videoLink', message: 'Indiquez le lien de visioconférence.' });
    }
    if (starts.ok && starts.instant.getTime() < this.clock.now().getTime()) {
      errors.push({ field: 'startsAtLocal', message: 'La séance ne peut pas être programmée dans le passé.' });
    }
    if (errors.length > 0 || !starts.ok) throw fieldErrors(errors);
    return { startsAt: dto.mode === 'WRITTEN' && opensAt ? opensAt : starts.instant, opensAt, earliestCloseAt };
  }

  /** PSP-4: the automatic agenda, urgent first, then renewals due before the sitting, then by completion. */
  private async fillAgenda(m: EntityManager, sitting: SittingEntity, requestIds?: string[]): Promise<void> {
    // An explicit empty list puts no request on the agenda (QUOR-2: a second convocation
    // takes the first sitting's agenda as it is, never the other complete requests).
    if (requestIds && requestIds.length === 0) return;
    const qb = m
      .getRepository(PspRequestEntity)
      .createQueryBuilder('r')
      .where(`r.state = 'COMPLETE' AND r.departement_code = :dep`, { dep: sitting.departementCode });
    if (requestIds && requestIds.length > 0) qb.andWhere('r.id IN (:...ids)', { ids: requestIds });
    const candidates = await qb.getMany();
    if (requestIds && candidates.length !== new Set(requestIds).size) {
      throw fieldError('requestIds', "Seules des demandes complètes, non inscrites à une autre séance, peuvent être mises à l'ordre du jour (PSP-4).");
    }
    const pathwayIds = candidates.map((c) => c.pathwayId).filter((x): x is string => !!x);
    const periods = pathwayIds.length ? await m.getRepository(PathwayPeriodEntity).find({ where: { pathwayId: In(pathwayIds) } }) : [];
    const periodEnd = (pid: string | null) => {
      if (!pid) return null;
      const own = periods.filter((p) => p.pathwayId === pid).sort((a, b) => b.idx - a.idx);
      return own[0]?.endDate ?? null;
    };
    const ordered = orderAgenda(
      candidates.map((c) => ({
        id: c.id,
        urgent: c.urgent,
        kind: c.kind,
        completedAt: (c.completedAt as Date).toISOString(),
        periodEnd: c.kind === 'RENEWAL' ? periodEnd(c.pathwayId) : null,
      })),
      parisDate(sitting.startsAt),
    );
    let position = (await this.liveItems(m, sitting.id)).length;
    for (const c of ordered) await this.addRequest(m, sitting, c.id, ++position);
  }

  async addRequest(m: EntityManager, sitting: SittingEntity, requestId: string, position: number): Promise<void> {
    const request = await this.requests.putOnAgenda(m, requestId);
    const item = m.create(AgendaItemEntity, {
      sittingId: sitting.id,
      position,
      kind: 'PSP_REQUEST',
      requestId: request.id,
      title: request.reference,
      presenter: null,
      removedAt: null,
      removedReason: null,
      createdAt: this.clock.now(),
    });
    await m.save(item);
    await this.audit.record(m, {
      action: 'agenda.item_added',
      entityType: 'sitting',
      entityId: sitting.id,
      details: { itemId: item.id, requestId: request.id, reference: request.reference },
    });
  }

  async releaseItem(m: EntityManager, item: AgendaItemEntity, reason: string): Promise<void> {
    item.removedAt = this.clock.now();
    item.removedReason = reason;
    await m.save(item);
    if (item.requestId) {
      const request = await this.requests.find(m, item.requestId);
      if (request.state === 'ON_AGENDA') await this.requests.removeFromAgenda(m, item.requestId);
    }
    await this.audit.record(m, {
      action: 'agenda.item_removed',
      entityType: 'sitting',
      entityId: item.sittingId,
      details: { itemId: item.id, requestId: item.requestId, reason },
    });
  }

  liveItems(m: EntityManager, sittingId: string): Promise<AgendaItemEntity[]> {
    return m.getRepository(AgendaItemEntity).find({ where: { sittingId, removedAt: IsNull() }, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  /**
   * COMP-3: who is convened. Active titulaires sit; members excluded from individual
   * PSP examinations are not convened to a sitting made only of PSP items.
   */
  async syncMembers(m: EntityManager, sitting: SittingEntity): Promise<void> {
    const items = await this.liveItems(m, sitting.id);
    const onlyPsp = items.length > 0 ? items.every((i) => i.kind === 'PSP_REQUEST') : sitting.kind === 'EXAMINATION';
    const date = parisDate(sitting.startsAt);
    const members = await m.getRepository(MemberEntity).find({ where: { departementCode: sitting.departementCode, seat: 'TITULAIRE' } });
    const existing = new Map(
      (await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id } })).map((r) => [r.memberId, r] as const),
    );
    for (const member of members) {
      const active = isActive(member.endedAt, member.termEnd, date) && member.termStart <= date;
      const convened = active && !(member.excludedFromPsp && onlyPsp);
      const row = existing.get(member.id);
      if (!row) {
        if (!active) continue;
        await m.insert(SittingMemberEntity, {
          sittingId: sitting.id,
          memberId: member.id,
          convened,
          excludedFromPsp: member.excludedFromPsp,
          answer: null,
          mandateHolderId: null,
          answeredAt: null,
          confirmedPresence: null,
          substituteId: null,
          convocationMessageId: null,
          reminderMessageId: null,
          lastActivityAt: null,
        });
      } else if (row.convened !== convened || row.excludedFromPsp !== member.excludedFromPsp) {
        await m.update(SittingMemberEntity, { sittingId: sitting.id, memberId: member.id }, { convened, excludedFromPsp: member.excludedFromPsp });
      }
    }
  }

  async touch(m: EntityManager, sitting: SittingEntity): Promise<void> {
    sitting.updatedAt = this.clock.now();
    await m.save(sitting);
    await this.events.notify(m, sitting.id);
  }

  async find(m: EntityManager, id: string, lock = false): Promise<SittingEntity> {
    // Reads (every page view of a sitting) take the prepared path; writes lock the row.
    const s = lock
      ? await m.getRepository(SittingEntity).findOne({ where: { id, departementCode: this.db.departement }, lock: { mode: 'pessimistic_write' } })
      : await findById(m, SittingEntity, id);
    if (!s) throw notFound('Séance introuvable.');
    return s;
  }

  /** Sittings are numbered per year: 2026-01, 2026-02… */
  async nextNumber(m: EntityManager, startsAt: Date): Promise<string> {
    const year = Number(instantToParisLocal(startsAt).slice(0, 4));
    const rows: { last_value: number }[] = await m.query(
      `INSERT INTO sitting_counter (departement_code, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (departement_code, year) DO UPDATE SET last_value = sitting_counter.last_value + 1
       RETURNING last_value`,
      [this.db.departement, year],
    );
    return `${year}-${String(rows[0].last_value).padStart(2, '0')}`;
  }

  assertState(sitting: SittingEntity, allowed: SittingState[], message: string): void {
    if (!allowed.includes(sitting.state)) throw new ConflictException({ statusCode: 409, message });
  }
}
