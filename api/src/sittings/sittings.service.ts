import { ConflictException, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import {
  AddAgendaItemDto,
  CalendarDto,
  CreateSittingDto,
  PageDto,
  ReorderAgendaDto,
  SittingDto,
  SittingKind,
  SittingListItemDto,
  SittingState,
  UpdateSittingDto,
  WrittenDeliberationProposalDto,
  addDays,
  daysBetween,
  formatDateFr,
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
import { DossierAccessPolicy } from '../psp-requests/dossier-access.policy';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { MemberEntity } from '../registry/member.entity';
import { isActive } from '../registry/registry.mapper';
import { AgendaItemEntity } from './agenda-item.entity';
import { SittingEvents } from './sitting-events';
import { SUBSTITUTE_WINDOW } from './sitting-seat';
import { SittingMemberEntity } from './sitting-member.entity';
import { SittingEntity } from './sitting.entity';
import { SittingViewService, assertMemberMaySee } from './sitting-view.service';
import { TenantDb, preparedQuery } from '../core/database/tenant-db';
import { findById } from '../core/database/lean';

export interface SittingListQuery {
  page: number;
  pageSize: number;
  year?: number;
  state?: SittingState;
  kind?: SittingKind;
  upcoming?: boolean;
}

const LIVE_STATES: SittingState[] = ['PLANNED', 'CONVENED', 'OPEN'];

interface SittingListRow {
  s_id: string;
  s_number: string;
  s_kind: SittingKind;
  s_mode: SittingListItemDto['mode'];
  s_state: SittingState;
  s_starts_at: Date;
  s_place: string | null;
  s_title: string | null;
  s_second_convocation_of: string | null;
  item_count: string;
  total: string;
}

@Injectable()
export class SittingsService implements OnModuleInit {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly params: ParametersService,
    private readonly requests: PspRequestsService,
    private readonly access: DossierAccessPolicy,
    private readonly events: SittingEvents,
    private readonly view: SittingViewService,
  ) {}

  /**
   * DP-2: a member reads a dossier's summary only while it is on the live agenda of a
   * sitting the member is convened to (and not excluded from PSP items, COMP-3).
   * MEMB-1: a suppléant sitting for such a titulaire reads it as the titulaire would, in the
   * same window (the sitting convened or open, SUBSTITUTE_WINDOW).
   */
  onModuleInit(): void {
    this.access.registerConvenedResolver(async (memberId, requestId) => {
      const rows: unknown[] = await this.db.query(
        `SELECT 1 FROM agenda_item ai
           JOIN sitting s ON s.id = ai.sitting_id
           JOIN sitting_member sm ON sm.sitting_id = s.id AND (sm.member_id = $1 OR sm.substitute_id = $1)
          WHERE ai.request_id = $2 AND ai.removed_at IS NULL
            AND s.state IN ('CONVENED', 'OPEN') AND sm.convened AND NOT sm.excluded_from_psp
          LIMIT 1`,
        [memberId, requestId],
      );
      return rows.length > 0;
    });
  }

  // ------------------------------------------------------------------ reading

  async list(user: UserEntity, q: SittingListQuery): Promise<PageDto<SittingListItemDto>> {
    const qb = this.db
      .getRepository(SittingEntity)
      .createQueryBuilder('s')
      .where('s.departement_code = :dep', { dep: this.db.departement });
    if (user.role === 'MEMBER') {
      // MEMB-1: a suppléant lists the sittings where they sit for a titulaire, during the window only.
      qb.andWhere(
        `(EXISTS (SELECT 1 FROM sitting_member sm WHERE sm.sitting_id = s.id AND sm.member_id = :mid AND sm.convened)
          OR (s.state IN (:...window)
              AND EXISTS (SELECT 1 FROM sitting_member sm WHERE sm.sitting_id = s.id AND sm.substitute_id = :mid AND sm.convened)))
         AND s.state <> 'PLANNED'`,
        { mid: user.memberId ?? '00000000-0000-0000-0000-000000000000', window: [...SUBSTITUTE_WINDOW] },
      );
    }
    if (q.year) qb.andWhere(`extract(year FROM s.starts_at AT TIME ZONE 'Europe/Paris') = :y`, { y: q.year });
    if (q.state) qb.andWhere('s.state = :st', { st: q.state });
    if (q.kind) qb.andWhere('s.kind = :k', { k: q.kind });
    if (q.upcoming) {
      qb.andWhere(`s.state IN ('PLANNED', 'CONVENED', 'OPEN') AND s.starts_at >= :from`, {
        from: new Date(this.clock.now().getTime() - 12 * 3_600_000),
      });
      qb.orderBy('s.starts_at', 'ASC');
    } else {
      qb.orderBy('s.starts_at', 'DESC');
    }
    // The read path: one query, with the live agenda's length and the total (window function).
    const [sql, params] = qb
      .select(['s.id', 's.number', 's.kind', 's.mode', 's.state', 's.startsAt', 's.place', 's.title', 's.secondConvocationOf'])
      .addSelect('(SELECT count(*) FROM agenda_item ai WHERE ai.sitting_id = s.id AND ai.removed_at IS NULL)', 'item_count')
      .addSelect('count(*) OVER ()', 'total')
      .getQueryAndParameters();
    // Limit and offset as parameters: one prepared statement serves every page.
    const rows = await preparedQuery<SittingListRow>(this.db.manager, `${sql} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
      ...params,
      q.pageSize,
      (q.page - 1) * q.pageSize,
    ]);
    const total = rows.length > 0 ? Number(rows[0].total) : q.page > 1 ? await qb.getCount() : 0;
    return {
      items: rows.map((r) => ({
        id: r.s_id,
        number: r.s_number,
        kind: r.s_kind,
        mode: r.s_mode,
        state: r.s_state,
        startsAt: r.s_starts_at.toISOString(),
        place: r.s_place,
        title: r.s_title,
        itemCount: Number(r.item_count),
        secondConvocationOfId: r.s_second_convocation_of,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** MEET-1: at least two policy sittings a year. */
  async calendar(user: UserEntity, year: number): Promise<CalendarDto> {
    const page = await this.list(user, { page: 1, pageSize: 200, year });
    const sittings = [...page.items].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const policySittings = sittings.filter((s) => s.kind === 'POLICY' && s.state !== 'CANCELLED').length;
    return {
      year,
      sittings,
      policySittings,
      meet1Warning:
        policySittings < 2
          ? `${policySittings === 0 ? 'Aucune séance' : 'Une seule séance'} consacrée à la stratégie n'est prévue en ${year} : la commission doit en tenir au moins deux par an (MEET-1).`
          : null,
    };
  }

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

  // ------------------------------------------------------------------ agenda

  async addItem(user: UserEntity, id: string, dto: AddAgendaItemDto): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.find(m, id, true);
      this.assertAgendaEditable(sitting);
      const items = await this.liveItems(m, sitting.id);
      const position = items.length + 1;
      if (dto.kind === 'PSP_REQUEST') {
        if (sitting.kind !== 'EXAMINATION') throw fieldError('kind', "Les demandes de parcours ne s'examinent qu'en séance d'examen.");
        await this.addRequest(m, sitting, dto.requestId as string, position);
        await this.syncMembers(m, sitting);
      } else {
        await this.addPolicyItemIn(m, sitting, dto.title ?? '', dto.presenter ?? null);
      }
      await this.touch(m, sitting);
      return this.view.dto(m, sitting, user);
    });
  }

  async removeItem(user: UserEntity, id: string, itemId: string, reason: string): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.find(m, id, true);
      this.assertAgendaEditable(sitting);
      const item = await m.getRepository(AgendaItemEntity).findOne({ where: { id: itemId, sittingId: sitting.id, removedAt: IsNull() } });
      if (!item) throw notFound("Point de l'ordre du jour introuvable.");
      await this.releaseItem(m, item, reason.trim());
      await this.renumber(m, sitting.id);
      await this.syncMembers(m, sitting);
      await this.touch(m, sitting);
      return this.view.dto(m, sitting, user);
    });
  }

  async reorder(user: UserEntity, id: string, dto: ReorderAgendaDto): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.find(m, id, true);
      this.assertAgendaEditable(sitting);
      const items = await this.liveItems(m, sitting.id);
      const ids = new Set(items.map((i) => i.id));
      if (dto.itemIds.length !== items.length || dto.itemIds.some((x) => !ids.has(x)) || new Set(dto.itemIds).size !== items.length) {
        throw fieldError('itemIds', "La nouvelle liste doit reprendre chaque point de l'ordre du jour une seule fois.");
      }
      for (const [index, itemId] of dto.itemIds.entries()) {
        await m.update(AgendaItemEntity, { id: itemId }, { position: index + 1 });
      }
      await this.audit.record(m, { action: 'agenda.reordered', entityType: 'sitting', entityId: sitting.id });
      await this.touch(m, sitting);
      return this.view.dto(m, sitting, user);
    });
  }

  /** After convocation the agenda is locked; reopening it means a new convocation (CONV-1). */
  async reopenAgenda(user: UserEntity, id: string): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.find(m, id, true);
      if (sitting.secondConvocationOf) throw conflict("L'ordre du jour d'une seconde convocation ne peut pas changer (QUOR-2).");
      if (sitting.state !== 'CONVENED') throw conflict("Seul l'ordre du jour d'une séance convoquée peut être rouvert.");
      sitting.agendaLocked = false;
      sitting.agendaChangedSinceConvocation = true;
      await m.save(sitting);
      await this.audit.record(m, { action: 'agenda.reopened', entityType: 'sitting', entityId: sitting.id });
      await this.touch(m, sitting);
      return this.view.dto(m, sitting, user);
    });
  }

  /** PSP-4: reactivity. Complete requests with no examination sitting planned soon get a written deliberation proposal. */
  async proposals(): Promise<WrittenDeliberationProposalDto[]> {
    const now = this.clock.now();
    const today = parisDate(now);
    const delay = await this.params.get('agenda.reactivity_days', today);
    const waiting = await this.db
      .getRepository(PspRequestEntity)
      .createQueryBuilder('r')
      .where(`r.state = 'COMPLETE' AND r.departement_code = :dep`, { dep: this.db.departement })
      .orderBy('r.urgent', 'DESC')
      .addOrderBy('r.completed_at', 'ASC')
      .getMany();
    if (waiting.length === 0) return [];
    const next = await this.db
      .getRepository(SittingEntity)
      .createQueryBuilder('s')
      .where(`s.kind = 'EXAMINATION' AND s.state IN ('PLANNED', 'CONVENED') AND s.starts_at >= :now AND s.departement_code = :dep`, {
        now,
        dep: this.db.departement,
      })
      .orderBy('s.starts_at', 'ASC')
      .getOne();
    const limit = new Date(now.getTime() + delay * 86_400_000);
    if (next && next.startsAt <= limit) return [];
    return waiting.map((r) => ({
      requestId: r.id,
      reference: r.reference,
      completedAt: (r.completedAt as Date).toISOString(),
      daysWaiting: daysBetween(parisDate(r.completedAt as Date), today),
      nextExaminationSitting: next ? next.startsAt.toISOString() : null,
      message: next
        ? `Demande complète depuis le ${formatDateFr(parisDate(r.completedAt as Date))} : la prochaine séance d'examen a lieu dans plus de ${delay} jours. Une délibération électronique écrite permet de rendre l'avis plus tôt (PSP-4).`
        : `Demande complète depuis le ${formatDateFr(parisDate(r.completedAt as Date))} et aucune séance d'examen n'est prévue : une délibération électronique écrite permet de rendre l'avis sans attendre (PSP-4).`,
    }));
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

  private async addRequest(m: EntityManager, sitting: SittingEntity, requestId: string, position: number): Promise<void> {
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

  private async renumber(m: EntityManager, sittingId: string): Promise<void> {
    const items = await this.liveItems(m, sittingId);
    for (const [index, item] of items.entries()) {
      if (item.position !== index + 1) await m.update(AgendaItemEntity, { id: item.id }, { position: index + 1 });
    }
  }

  liveItems(m: EntityManager, sittingId: string): Promise<AgendaItemEntity[]> {
    return m.getRepository(AgendaItemEntity).find({ where: { sittingId, removedAt: IsNull() }, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  private assertAgendaEditable(sitting: SittingEntity): void {
    if (sitting.secondConvocationOf) throw conflict("L'ordre du jour d'une seconde convocation ne peut pas changer (QUOR-2).");
    if (!LIVE_STATES.includes(sitting.state) || sitting.state === 'OPEN') {
      throw conflict("L'ordre du jour d'une séance ouverte, close ou annulée ne peut plus changer.");
    }
    if (sitting.agendaLocked) {
      throw conflict(
        "L'ordre du jour est verrouillé depuis l'envoi de la convocation. Rouvrez-le : une nouvelle convocation devra être envoyée aux membres.",
      );
    }
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
