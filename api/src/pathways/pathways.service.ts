import { ConflictException, ForbiddenException, Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  CreateRenewalDto,
  EndPathwayDto,
  PATHWAY_END_REASON_LABELS,
  PageDto,
  PathwayDto,
  PathwayLimits,
  PspRequestDto,
  UpdateResidencePermitDto,
  afisMonthlyAmount,
  checkRenewal,
  daysBetween,
  firstPeriod,
  isExpiryAlertDue,
  parisDate,
  totalMonths,
} from '@cdlp/shared';
import { pathwayEndedMail, pathwayExpiryMail } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { fieldError, notFound } from '../core/http/errors';
import { OutboxService } from '../core/outbox/outbox.service';
import { ParametersService } from '../core/parameters/parameters.service';
import { AssociationEntity } from '../registry/association.entity';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { PathwayPeriodEntity } from './pathway-period.entity';
import { PathwayEntity } from './pathway.entity';
import { TenantDb } from '../core/database/tenant-db';

export interface PathwayListQuery {
  page: number;
  pageSize: number;
  state?: 'ACTIVE' | 'ENDED';
  expiringWithinDays?: number;
  associationId?: string;
}

@Injectable()
export class PathwaysService {
  private readonly logger = new Logger(PathwaysService.name);

  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly params: ParametersService,
    private readonly requests: PspRequestsService,
  ) {}

  async limits(onDate: string, m?: EntityManager): Promise<PathwayLimits> {
    return {
      periodMonths: await this.params.get('pathway.period_months', onDate, m),
      maxTotalMonths: await this.params.get('pathway.max_total_months', onDate, m),
    };
  }

  async list(user: UserEntity, q: PathwayListQuery): Promise<PageDto<PathwayDto>> {
    const today = parisDate(this.clock.now());
    const qb = this.db
      .getRepository(PathwayEntity)
      .createQueryBuilder('p')
      .where('p.departement_code = :dep AND p.purged_at IS NULL', { dep: this.db.departement });
    if (user.role === 'ASSOCIATION') qb.andWhere('p.association_id = :own', { own: user.associationId });
    else if (q.associationId) qb.andWhere('p.association_id = :aid', { aid: q.associationId });
    if (q.state) qb.andWhere('p.state = :state', { state: q.state });
    // Ordered by the end of the current period, the secretariat's first concern.
    qb.addSelect(
      '(SELECT max(pp.end_date) FROM pathway_period pp WHERE pp.pathway_id = p.id)',
      'current_end',
    ).orderBy('current_end', 'ASC').addOrderBy('p.reference', 'ASC');
    if (q.expiringWithinDays !== undefined) {
      qb.andWhere(
        `p.state = 'ACTIVE' AND (SELECT max(pp.end_date) FROM pathway_period pp WHERE pp.pathway_id = p.id) <= (:today::date + :days::int)`,
        { today, days: q.expiringWithinDays },
      );
    }
    const [rows, total] = await qb
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items: await this.toDtos(this.db.manager, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(user: UserEntity, id: string): Promise<PathwayDto> {
    const p = await this.find(this.db.manager, id);
    this.assertAccess(user, p);
    return (await this.toDtos(this.db.manager, [p]))[0];
  }

  /**
   * PSP-6: an authorised initial request opens a pathway with its first 6-month period;
   * an authorised renewal adds the next period, never beyond 24 months.
   */
  async applyAuthorisation(m: EntityManager, request: PspRequestEntity, startDate: string): Promise<PathwayEntity> {
    const limits = await this.limits(startDate, m);
    const now = this.clock.now();
    if (request.kind === 'INITIAL') {
      const dossier = this.requests.dossier(request);
      const pathway = m.create(PathwayEntity, {
        reference: request.reference,
        departementCode: request.departementCode,
        associationId: request.associationId,
        initialRequestId: request.id,
        state: 'ACTIVE',
        startDate,
        foreigner: dossier.foreigner ?? false,
        childrenCount: dossier.childrenCount ?? 0,
        residencePermitStatus: dossier.foreigner ? 'TO_REQUEST' : 'NOT_APPLICABLE',
        residencePermitValidUntil: null,
        endReason: null,
        endEffectiveDate: null,
        endComment: null,
        endedAt: null,
        lastAlertPeriod: 0,
        purgedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      await m.save(pathway);
      const period = firstPeriod(startDate, limits);
      await m.insert(PathwayPeriodEntity, { pathwayId: pathway.id, idx: 1, ...period, requestId: request.id });
      request.pathwayId = pathway.id;
      await m.save(request);
      await this.audit.record(m, {
        action: 'pathway.opened',
        entityType: 'pathway',
        entityId: pathway.id,
        details: { requestId: request.id, startDate, endDate: period.endDate, rule: 'PSP-6' },
      });
      return pathway;
    }
    const pathway = await this.find(m, request.pathwayId as string, true);
    if (pathway.state !== 'ACTIVE') throw new ConflictException({ statusCode: 409, message: 'Le parcours est terminé : il ne peut plus être renouvelé.' });
    const periods = await this.periods(m, pathway.id);
    const check = checkRenewal(periods, limits);
    if (!check.allowed) throw new ConflictException({ statusCode: 409, message: check.reason });
    await m.insert(PathwayPeriodEntity, { pathwayId: pathway.id, idx: periods.length + 1, ...check.next, requestId: request.id });
    pathway.updatedAt = now;
    await m.save(pathway);
    await this.audit.record(m, {
      action: 'pathway.renewed',
      entityType: 'pathway',
      entityId: pathway.id,
      details: { requestId: request.id, ...check.next, rule: 'PSP-6' },
    });
    return pathway;
  }

  /**
   * PSP-5: records the préfet's decision on a request that has the commission's opinion;
   * an authorisation opens the pathway or adds its next period (PSP-6), in the same transaction.
   */
  async decide(m: EntityManager, requestId: string, decision: 'AUTHORISED' | 'REFUSED', startDate?: string): Promise<PspRequestEntity> {
    const request = await this.requests.recordDecision(m, requestId, decision);
    if (decision === 'AUTHORISED') await this.applyAuthorisation(m, request, startDate ?? parisDate(this.clock.now()));
    return request;
  }

  /** PSP-7: a renewal is filed from an active pathway; PSP-6: refused when it would pass 24 months. */
  async createRenewal(user: UserEntity, pathwayId: string, dto: CreateRenewalDto): Promise<PspRequestDto> {
    return this.db.transaction(async (m) => {
      const pathway = await this.find(m, pathwayId, true);
      this.assertAccess(user, pathway);
      if (user.role !== 'SECRETARIAT' && user.role !== 'ASSOCIATION') {
        throw new ForbiddenException({ statusCode: 403, message: "Vous n'avez pas les droits nécessaires pour cette action." });
      }
      if (pathway.state !== 'ACTIVE') {
        throw new ConflictException({ statusCode: 409, message: 'Le parcours est terminé : il ne peut pas être renouvelé.' });
      }
      const today = parisDate(this.clock.now());
      const check = checkRenewal(await this.periods(m, pathway.id), await this.limits(today, m));
      if (!check.allowed) throw new ConflictException({ statusCode: 409, message: check.reason });
      const pending = await m
        .getRepository(PspRequestEntity)
        .createQueryBuilder('r')
        .where(`r.pathway_id = :pid AND r.kind = 'RENEWAL' AND r.state NOT IN ('DECIDED', 'WITHDRAWN')`, { pid: pathway.id })
        .getOne();
      if (pending) {
        throw new ConflictException({ statusCode: 409, message: `Une demande de renouvellement est déjà en cours (${pending.reference}).` });
      }
      // The identity is carried over from the initial request: nothing is retyped.
      const initial = await this.requests.find(m, pathway.initialRequestId);
      const previous = this.requests.dossier(initial);
      const dossier = {
        ...previous,
        ...Object.fromEntries(Object.entries(dto.dossier).filter(([, v]) => v !== undefined && v !== null && v !== '')),
      };
      const request = await this.requests.insertDraft(m, user, 'RENEWAL', pathway.associationId, pathway.id, dossier);
      return this.requests.toDto(m, request);
    });
  }

  /**
   * PSP-8: the end of a pathway is an event with a reason and an effective date; it
   * notifies the AFIS payer side and, for a foreigner, the foreigners' service (APS-1).
   */
  async end(pathwayId: string, dto: EndPathwayDto): Promise<PathwayDto> {
    return this.db.transaction(async (m) => {
      const pathway = await this.find(m, pathwayId, true);
      if (pathway.state === 'ENDED') throw new ConflictException({ statusCode: 409, message: 'Ce parcours a déjà pris fin.' });
      if (dto.effectiveDate < pathway.startDate) {
        throw fieldError('effectiveDate', 'La date de fin ne peut pas précéder le début du parcours.');
      }
      const now = this.clock.now();
      Object.assign(pathway, {
        state: 'ENDED',
        endReason: dto.reason,
        endEffectiveDate: dto.effectiveDate,
        endComment: dto.comment?.trim() || null,
        endedAt: now,
        updatedAt: now,
      });
      await m.save(pathway);
      await this.audit.record(m, {
        action: 'pathway.ended',
        entityType: 'pathway',
        entityId: pathway.id,
        details: { reason: dto.reason, effectiveDate: dto.effectiveDate, rule: 'PSP-8' },
      });
      const mail = pathwayEndedMail({
        reference: pathway.reference,
        reasonLabel: PATHWAY_END_REASON_LABELS[dto.reason],
        effectiveDate: dto.effectiveDate,
        foreigner: pathway.foreigner,
        url: `${this.config.publicUrl}/parcours/${pathway.id}`,
      });
      for (const recipient of await this.recipients(m, pathway)) {
        await this.outbox.enqueue(m, { template: 'pathway-ended', recipient, mail, related: { type: 'pathway', id: pathway.id } });
      }
      return (await this.toDtos(m, [pathway]))[0];
    });
  }

  /** APS-1: the residence permit status of a foreign person, followed through the pathway. */
  async updateResidencePermit(user: UserEntity, pathwayId: string, dto: UpdateResidencePermitDto): Promise<PathwayDto> {
    return this.db.transaction(async (m) => {
      const pathway = await this.find(m, pathwayId, true);
      this.assertAccess(user, pathway);
      if (!pathway.foreigner && dto.status !== 'NOT_APPLICABLE') {
        throw fieldError('status', "La personne n'est pas étrangère : l'APS est sans objet (APS-1).");
      }
      pathway.residencePermitStatus = dto.status;
      pathway.residencePermitValidUntil = dto.validUntil ?? null;
      pathway.updatedAt = this.clock.now();
      await m.save(pathway);
      await this.audit.record(m, {
        action: 'pathway.residence_permit_updated',
        entityType: 'pathway',
        entityId: pathway.id,
        details: { status: dto.status, rule: 'APS-1' },
      });
      return (await this.toDtos(m, [pathway]))[0];
    });
  }

  /**
   * PSP-6: alerts the association and the secretariat before the end of each period
   * (default 45 days, a dated parameter). Each period is alerted once.
   */
  async sendExpiryAlerts(): Promise<number> {
    const today = parisDate(this.clock.now());
    const alertDays = await this.params.get('pathway.expiry_alert_days', today);
    const limits = await this.limits(today);
    let sent = 0;
    const active = await this.db.getRepository(PathwayEntity).find({ where: { state: 'ACTIVE', departementCode: this.db.departement } });
    for (const candidate of active) {
      await this.db.transaction(async (m) => {
        const pathway = await this.find(m, candidate.id, true);
        const periods = await this.periods(m, pathway.id);
        const current = periods[periods.length - 1];
        if (!current || pathway.lastAlertPeriod >= periods.length) return;
        if (!isExpiryAlertDue(current.endDate, today, alertDays)) return;
        const mail = pathwayExpiryMail({
          reference: pathway.reference,
          periodEnd: current.endDate,
          daysLeft: daysBetween(today, current.endDate),
          canRenew: checkRenewal(periods, limits).allowed,
          url: `${this.config.publicUrl}/parcours/${pathway.id}`,
        });
        for (const recipient of await this.recipients(m, pathway)) {
          await this.outbox.enqueue(m, { template: 'pathway-expiry', recipient, mail, related: { type: 'pathway', id: pathway.id } });
        }
        pathway.lastAlertPeriod = periods.length;
        await m.save(pathway);
        await this.audit.record(m, {
          action: 'pathway.expiry_alert_sent',
          entityType: 'pathway',
          entityId: pathway.id,
          actor: null,
          details: { period: periods.length, periodEnd: current.endDate, rule: 'PSP-6' },
        });
        sent++;
      });
    }
    if (sent > 0) this.logger.log({ sent }, 'pathway expiry alerts queued');
    return sent;
  }

  private async recipients(m: EntityManager, pathway: PathwayEntity): Promise<string[]> {
    const association = await m.getRepository(AssociationEntity).findOneOrFail({ where: { id: pathway.associationId } });
    const users = await m.getRepository(UserEntity).find({ where: [
      { associationId: association.id, role: 'ASSOCIATION', active: true },
      { role: 'SECRETARIAT', active: true, departementCode: pathway.departementCode },
    ] });
    return [...new Set([association.email, ...users.map((u) => u.email)])];
  }

  private assertAccess(user: UserEntity, p: PathwayEntity): void {
    if (user.role === 'SECRETARIAT' || user.role === 'PRESIDENT') return;
    if (user.role === 'ASSOCIATION' && user.associationId === p.associationId) return;
    throw new ForbiddenException({ statusCode: 403, message: "Vous n'avez pas accès à ce parcours (DP-2)." });
  }

  async periods(m: EntityManager, pathwayId: string): Promise<PathwayPeriodEntity[]> {
    return m.getRepository(PathwayPeriodEntity).find({ where: { pathwayId }, order: { idx: 'ASC' } });
  }

  async find(m: EntityManager, id: string, lock = false): Promise<PathwayEntity> {
    const p = await m.getRepository(PathwayEntity).findOne({
      where: { id, departementCode: this.db.departement },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!p || p.purgedAt) throw notFound('Parcours introuvable.');
    return p;
  }

  private async toDtos(m: EntityManager, rows: PathwayEntity[]): Promise<PathwayDto[]> {
    if (rows.length === 0) return [];
    const today = parisDate(this.clock.now());
    const limits = await this.limits(today, m);
    const base = await this.params.get('afis.monthly_base', today, m);
    const perChild = await this.params.get('afis.per_child', today, m);
    const periods = await m.getRepository(PathwayPeriodEntity).find({ where: { pathwayId: In(rows.map((r) => r.id)) }, order: { idx: 'ASC' } });
    const requestIds = periods.map((p) => p.requestId);
    const requests = requestIds.length ? await m.getRepository(PspRequestEntity).find({ where: { id: In(requestIds) } }) : [];
    const refs = new Map(requests.map((r) => [r.id, r.reference] as const));
    const pending = await m
      .getRepository(PspRequestEntity)
      .createQueryBuilder('r')
      .where(`r.pathway_id IN (:...ids) AND r.kind = 'RENEWAL' AND r.state NOT IN ('DECIDED', 'WITHDRAWN')`, { ids: rows.map((r) => r.id) })
      .getMany();
    const assos = await m.getRepository(AssociationEntity).find({ where: { id: In([...new Set(rows.map((r) => r.associationId))]) } });
    const names = new Map(assos.map((a) => [a.id, a.name] as const));
    return rows.map((p) => {
      const own = periods.filter((x) => x.pathwayId === p.id);
      const current = own[own.length - 1];
      const renewal = checkRenewal(own, limits);
      const total = totalMonths(own, limits);
      return {
        id: p.id,
        reference: p.reference,
        associationId: p.associationId,
        associationName: names.get(p.associationId) ?? '',
        state: p.state,
        startDate: p.startDate,
        currentPeriodEnd: current?.endDate ?? p.startDate,
        totalMonths: total,
        remainingMonths: Math.max(0, limits.maxTotalMonths - total),
        canRenew: p.state === 'ACTIVE' && renewal.allowed,
        renewalBlockedReason: p.state !== 'ACTIVE' ? 'Le parcours est terminé.' : renewal.allowed ? null : renewal.reason,
        periods: own.map((x) => ({ index: x.idx, startDate: x.startDate, endDate: x.endDate, requestReference: refs.get(x.requestId) ?? '' })),
        foreigner: p.foreigner,
        residencePermitStatus: p.residencePermitStatus,
        residencePermitValidUntil: p.residencePermitValidUntil,
        afisMonthlyAmount: afisMonthlyAmount(base, perChild, p.childrenCount),
        endReason: p.endReason,
        endEffectiveDate: p.endEffectiveDate,
        endComment: p.endComment,
        daysToPeriodEnd: p.state === 'ACTIVE' && current ? daysBetween(today, current.endDate) : null,
        pendingRenewalRequestId: pending.find((r) => r.pathwayId === p.id)?.id ?? null,
      };
    });
  }
}
