import { ForbiddenException, Injectable, OnModuleInit } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import {
  ACTION_STATUS_LABELS,
  ActionStatus,
  FollowUpDto,
  IndicatorFollowUpDto,
  PRIORITY_LABELS,
  STRATEGY_STATE_LABELS,
  SectionDiffDto,
  StrategyCommentViewDto,
  StrategyDto,
  StrategyListItemDto,
  StrategyReferenceDto,
  actionCounts,
  diffStrategy,
  expectedValue,
  formatDateFr,
  isLate,
  isOffTrack,
  parisDate,
} from '@cdlp/shared';
import {
  ActionProgressDto,
  CreateStrategyDto,
  IndicatorValueDto,
  PutOnAgendaDto,
  SaveStrategyVersionDto,
  StrategyActionDto,
  StrategyCommentDto,
  StrategyContentDto,
} from '@cdlp/shared/dto';
import { StrategyPdfAction, renderFollowUpPdf, renderStrategyPdf, renderXlsx, SignatureStamp } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { conflict, fieldError, notFound } from '../core/http/errors';
import { DeliberationService } from '../deliberation/deliberation.service';
import { DocumentsService } from '../documents/documents.service';
import { DepartementEntity } from '../registry/departement.entity';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { SittingEntity } from '../sittings/sitting.entity';
import { SittingsService } from '../sittings/sittings.service';
import { StatisticsService } from '../statistics/statistics.service';
import { ActionProgressEntity, IndicatorValueEntity, StrategyCommentEntity, StrategyEntity, StrategyVersionEntity } from './strategy.entities';
import { TenantDb } from '../core/database/tenant-db';

/** STRAT-1: the departmental strategy, from the first draft to the yearly follow-up. */
@Injectable()
export class StrategyService implements OnModuleInit {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly sittings: SittingsService,
    private readonly deliberation: DeliberationService,
    private readonly documents: DocumentsService,
    private readonly statistics: StatisticsService,
  ) {}

  /** Adoption: when the vote on a strategy item closes with a favourable opinion, the version is adopted and frozen. */
  onModuleInit(): void {
    this.deliberation.onItemClosed(async (m, item) => {
      if (!item.strategyId || !item.strategyVersion) return;
      const strategy = await m.getRepository(StrategyEntity).findOne({ where: { id: item.strategyId }, lock: { mode: 'pessimistic_write' } });
      if (!strategy) return;
      if (item.opinion === 'FAVOURABLE') {
        await m.update(StrategyVersionEntity, { strategyId: strategy.id, number: item.strategyVersion }, { frozen: true });
        Object.assign(strategy, { state: 'ADOPTED', adoptedVersion: item.strategyVersion, updatedAt: this.clock.now() });
        await m.save(strategy);
        await this.audit.record(m, {
          action: 'strategy.adopted',
          entityType: 'strategy',
          entityId: strategy.id,
          details: { version: item.strategyVersion, agendaItemId: item.id, rule: 'STRAT-1' },
        });
      } else {
        Object.assign(strategy, { state: 'DRAFT', agendaItemId: null, updatedAt: this.clock.now() });
        await m.save(strategy);
        await this.audit.record(m, { action: 'strategy.not_adopted', entityType: 'strategy', entityId: strategy.id, details: { version: item.strategyVersion } });
      }
    });
  }

  // ------------------------------------------------------------------ reference

  async reference(referenceId?: string, m: EntityManager = this.db.manager): Promise<StrategyReferenceDto> {
    const refs: { id: string; code: string; version: number; title: string; source: string }[] = await m.query(
      referenceId
        ? `SELECT id, code, version, title, source FROM strategy_reference WHERE id = $1`
        : `SELECT id, code, version, title, source FROM strategy_reference ORDER BY valid_from DESC, version DESC LIMIT 1`,
      referenceId ? [referenceId] : [],
    );
    if (!refs[0]) throw notFound('Référentiel des préconisations introuvable.');
    const ref = refs[0];
    const axes: { number: number; title: string }[] = await m.query(`SELECT number, title FROM strategy_axis WHERE reference_id = $1 ORDER BY number`, [ref.id]);
    const recs: { number: number; axis_number: number; title: string; levers: string[]; national_axis_number: number }[] = await m.query(
      `SELECT number, axis_number, title, levers, national_axis_number FROM strategy_recommendation WHERE reference_id = $1 ORDER BY number`,
      [ref.id],
    );
    const national: { number: number; title: string }[] = await m.query(`SELECT number, title FROM national_axis ORDER BY number`);
    return {
      ...ref,
      axes: axes.map((a) => ({
        number: a.number,
        title: a.title,
        recommendations: recs
          .filter((r) => r.axis_number === a.number)
          .map((r) => ({ number: r.number, title: r.title, levers: r.levers, axisNumber: r.axis_number, nationalAxisNumber: r.national_axis_number })),
      })),
      nationalAxes: national,
    };
  }

  // ------------------------------------------------------------------ strategies

  async list(): Promise<StrategyListItemDto[]> {
    const rows = await this.db
      .getRepository(StrategyEntity)
      .find({ where: { departementCode: this.db.departement }, order: { periodStart: 'DESC', createdAt: 'DESC' } });
    return rows.map((s) => this.listItem(s));
  }

  async create(user: UserEntity, dto: CreateStrategyDto): Promise<StrategyDto> {
    if (dto.periodEnd < dto.periodStart) throw fieldError('periodEnd', 'La dernière année ne peut pas précéder la première.');
    if (dto.periodEnd - dto.periodStart > 10) throw fieldError('periodEnd', 'Une stratégie couvre dix ans au plus.');
    return this.db.transaction(async (m) => {
      const reference = await this.reference(undefined, m);
      const now = this.clock.now();
      const strategy = m.create(StrategyEntity, {
        departementCode: this.db.departement,
        referenceId: reference.id,
        title: dto.title.trim(),
        periodStart: dto.periodStart,
        periodEnd: dto.periodEnd,
        state: 'DRAFT',
        currentVersion: 0,
        adoptedVersion: null,
        agendaItemId: null,
        signedDocumentId: null,
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
      });
      await m.save(strategy);
      // Version 1 holds the template: one section per recommendation of the reference.
      await this.insertVersion(m, strategy, user, emptyContent(reference), 'Version initiale');
      await this.audit.record(m, { action: 'strategy.created', entityType: 'strategy', entityId: strategy.id });
      return this.dto(m, strategy, strategy.currentVersion);
    });
  }

  async get(id: string, version?: number): Promise<StrategyDto> {
    const strategy = await this.find(this.db.manager, id);
    return this.dto(this.db.manager, strategy, version ?? strategy.currentVersion);
  }

  /** Saves a new version. Every saved version is kept; an adopted strategy is frozen. */
  async saveVersion(user: UserEntity, id: string, dto: SaveStrategyVersionDto): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.find(m, id, true);
      if (strategy.state !== 'DRAFT') {
        throw conflict(
          strategy.state === 'ON_AGENDA'
            ? "La stratégie est inscrite à l'ordre du jour : retirez-la de la séance pour la modifier."
            : 'La stratégie est adoptée : elle ne change plus. Le suivi annuel se fait dans le tableau de bord.',
        );
      }
      if (dto.baseVersion !== strategy.currentVersion) {
        throw conflict(`Une version plus récente (${strategy.currentVersion}) a été enregistrée entre-temps : rechargez la page avant d'enregistrer.`);
      }
      const reference = await this.reference(strategy.referenceId, m);
      this.checkContent(dto.content, reference);
      await this.insertVersion(m, strategy, user, dto.content, dto.note?.trim() || null);
      await this.audit.record(m, { action: 'strategy.version_saved', entityType: 'strategy', entityId: strategy.id, details: { version: strategy.currentVersion } });
      return this.dto(m, strategy, strategy.currentVersion);
    });
  }

  async diff(id: string, from: number, to: number): Promise<SectionDiffDto[]> {
    const strategy = await this.find(this.db.manager, id);
    const a = await this.version(this.db.manager, strategy.id, from);
    const b = await this.version(this.db.manager, strategy.id, to);
    const reference = await this.reference(strategy.referenceId);
    const titles = new Map(reference.axes.flatMap((x) => x.recommendations).map((r) => [r.number, r.title] as const));
    return diffStrategy(a.content, b.content, (n) => titles.get(n) ?? '');
  }

  // ------------------------------------------------------------------ comments

  async comments(id: string): Promise<StrategyCommentViewDto[]> {
    await this.find(this.db.manager, id);
    const rows = await this.db.getRepository(StrategyCommentEntity).find({ where: { strategyId: id }, order: { createdAt: 'ASC' } });
    const users = rows.length ? await this.db.getRepository(UserEntity).find({ where: { id: In([...new Set(rows.map((r) => r.authorUserId))]) } }) : [];
    return rows.map((r) => {
      const u = users.find((x) => x.id === r.authorUserId);
      return {
        id: r.id,
        targetType: r.targetType,
        targetKey: r.targetKey,
        version: r.version,
        authorName: u ? `${u.firstName} ${u.lastName}` : '',
        authorRole: u?.role ?? '',
        body: r.body,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  /** Members and associations comment on any recommendation or action. */
  async comment(user: UserEntity, id: string, dto: StrategyCommentDto): Promise<StrategyCommentViewDto[]> {
    await this.db.transaction(async (m) => {
      const strategy = await this.find(m, id);
      if (dto.targetType !== 'GENERAL') {
        const content = (await this.version(m, id, strategy.currentVersion)).content;
        const exists =
          dto.targetType === 'RECOMMENDATION'
            ? content.recommendations.some((r) => String(r.recommendationNumber) === dto.targetKey)
            : [...content.recommendations.flatMap((r) => r.actions), ...content.localActions].some((a) => a.key === dto.targetKey);
        if (!exists) throw fieldError('targetKey', 'La préconisation ou l’action commentée est introuvable.');
      }
      await m.insert(StrategyCommentEntity, {
        strategyId: id,
        version: strategy.currentVersion,
        targetType: dto.targetType,
        targetKey: dto.targetType === 'GENERAL' ? null : (dto.targetKey ?? null),
        authorUserId: user.id,
        body: dto.body.trim(),
        createdAt: this.clock.now(),
      });
      await this.audit.record(m, { action: 'strategy.commented', entityType: 'strategy', entityId: id, details: { targetType: dto.targetType } });
    });
    return this.comments(id);
  }

  // ------------------------------------------------------------------ adoption and signature

  /** The version goes on the agenda of a policy sitting, to be voted like any item. */
  async putOnAgenda(user: UserEntity, id: string, dto: PutOnAgendaDto): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.find(m, id, true);
      if (strategy.state !== 'DRAFT') throw conflict('Seule une stratégie en cours de rédaction peut être inscrite à une séance.');
      await this.version(m, id, dto.version);
      const sitting = await this.sittings.find(m, dto.sittingId, true);
      if (sitting.kind !== 'POLICY') throw fieldError('sittingId', "La stratégie s'adopte en séance consacrée à la stratégie et à la coordination (MEET-1).");
      if (!['PLANNED', 'CONVENED'].includes(sitting.state) || sitting.agendaLocked) {
        throw conflict("L'ordre du jour de cette séance n'est plus modifiable : choisissez une séance programmée ou rouvrez son ordre du jour.");
      }
      const item = await this.sittings.addPolicyItemIn(m, sitting, `Adoption de la stratégie départementale « ${strategy.title} » ${strategy.periodStart}-${strategy.periodEnd} (version ${dto.version})`, 'Secrétariat de la commission');
      await m.update(AgendaItemEntity, { id: item.id }, { strategyId: strategy.id, strategyVersion: dto.version });
      Object.assign(strategy, { state: 'ON_AGENDA', agendaItemId: item.id, updatedAt: this.clock.now() });
      await m.save(strategy);
      await this.sittings.touch(m, sitting);
      await this.audit.record(m, { action: 'strategy.on_agenda', entityType: 'strategy', entityId: id, details: { sittingId: sitting.id, version: dto.version } });
      void user;
      return this.dto(m, strategy, strategy.currentVersion);
    });
  }

  /** Back to drafting, when the item was removed from the agenda or the sitting cancelled. */
  async withdrawFromAgenda(user: UserEntity, id: string): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.find(m, id, true);
      if (strategy.state !== 'ON_AGENDA' || !strategy.agendaItemId) throw conflict("La stratégie n'est pas inscrite à l'ordre du jour.");
      const item = await m.getRepository(AgendaItemEntity).findOneOrFail({ where: { id: strategy.agendaItemId } });
      if (item.removedAt === null) {
        const sitting = await this.sittings.find(m, item.sittingId, true);
        if (item.voteState !== 'NOT_OPENED') throw conflict('Le vote sur la stratégie a commencé : elle ne peut plus être retirée.');
        // A sitting that ended without voting on the strategy keeps its record as it was:
        // the strategy goes back to drafting, to be put on a later sitting.
        const over = ['CLOSED', 'MINUTES_DRAFTED', 'MINUTES_SIGNED'].includes(sitting.state);
        if (!over) {
          if (sitting.agendaLocked) throw conflict("L'ordre du jour est verrouillé : rouvrez-le avant de retirer la stratégie.");
          await this.sittings.releaseItem(m, item, 'Stratégie retirée par le secrétariat');
          await this.sittings.touch(m, sitting);
        }
      }
      Object.assign(strategy, { state: 'DRAFT', agendaItemId: null, updatedAt: this.clock.now() });
      await m.save(strategy);
      await this.audit.record(m, { action: 'strategy.withdrawn_from_agenda', entityType: 'strategy', entityId: id });
      void user;
      return this.dto(m, strategy, strategy.currentVersion);
    });
  }

  /** SIG-1: the préfet signs the adopted version. */
  async sign(user: UserEntity, id: string): Promise<StrategyDto> {
    if (user.role !== 'PRESIDENT') throw new ForbiddenException({ statusCode: 403, message: 'Seule la présidence signe la stratégie (SIG-1).' });
    return this.db.transaction(async (m) => {
      const strategy = await this.find(m, id, true);
      if (strategy.state !== 'ADOPTED' || !strategy.adoptedVersion) throw conflict('La stratégie doit être adoptée par la commission avant d’être signée.');
      const version = strategy.adoptedVersion;
      const signed = await this.documents.sign(m, {
        kind: 'STRATEGY',
        subjectId: strategy.id,
        title: `${strategy.title} ${strategy.periodStart}-${strategy.periodEnd}`,
        signer: user,
        render: ({ documentId, stamp }) => this.renderPdf(m, strategy, version, documentId, stamp),
      });
      Object.assign(strategy, { state: 'SIGNED', signedDocumentId: signed.id, updatedAt: this.clock.now() });
      await m.save(strategy);
      await this.audit.record(m, { action: 'strategy.signed', entityType: 'strategy', entityId: id, details: { documentId: signed.id, version, rule: 'SIG-1' } });
      return this.dto(m, strategy, strategy.currentVersion);
    });
  }

  async pdf(id: string, version?: number): Promise<Buffer> {
    const strategy = await this.find(this.db.manager, id);
    return this.renderPdf(this.db.manager, strategy, version ?? strategy.adoptedVersion ?? strategy.currentVersion, strategy.id, null);
  }

  // ------------------------------------------------------------------ follow-up

  async setIndicatorValue(user: UserEntity, id: string, dto: IndicatorValueDto): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.find(m, id, true);
      const content = (await this.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion)).content;
      const indicator = content.recommendations.flatMap((r) => r.indicators).find((i) => i.key === dto.indicatorKey);
      if (!indicator) throw fieldError('indicatorKey', 'Indicateur introuvable dans la stratégie.');
      if (indicator.automatic) throw fieldError('indicatorKey', 'Cet indicateur est calculé par le portail : il ne se saisit pas.');
      if (dto.value === null || dto.value === undefined) {
        await m.delete(IndicatorValueEntity, { strategyId: id, indicatorKey: dto.indicatorKey, year: dto.year });
      } else {
        await m.query(
          `INSERT INTO strategy_indicator_value (strategy_id, indicator_key, year, value, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (strategy_id, indicator_key, year) DO UPDATE SET value = EXCLUDED.value, entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
          [id, dto.indicatorKey, dto.year, dto.value, user.id, this.clock.now()],
        );
      }
      await this.audit.record(m, { action: 'strategy.indicator_value', entityType: 'strategy', entityId: id, details: { indicatorKey: dto.indicatorKey, year: dto.year } });
      return this.dto(m, strategy, strategy.currentVersion);
    });
  }

  async setActionProgress(user: UserEntity, id: string, dto: ActionProgressDto): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.find(m, id, true);
      const content = (await this.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion)).content;
      if (![...content.recommendations.flatMap((r) => r.actions), ...content.localActions].some((a) => a.key === dto.actionKey)) {
        throw fieldError('actionKey', 'Action introuvable dans la stratégie.');
      }
      await m.query(
        `INSERT INTO strategy_action_progress (strategy_id, action_key, year, status, note, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (strategy_id, action_key, year) DO UPDATE SET status = EXCLUDED.status, note = EXCLUDED.note, entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
        [id, dto.actionKey, dto.year, dto.status, dto.note?.trim() || null, user.id, this.clock.now()],
      );
      await this.audit.record(m, { action: 'strategy.action_progress', entityType: 'strategy', entityId: id, details: { actionKey: dto.actionKey, year: dto.year, status: dto.status } });
      return this.dto(m, strategy, strategy.currentVersion);
    });
  }

  /** STRAT-1: the yearly follow-up: progress per recommendation, indicators against targets, late actions. */
  async followUp(id: string, year: number): Promise<FollowUpDto> {
    const m = this.db.manager;
    const strategy = await this.find(m, id);
    const content = (await this.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion)).content;
    const reference = await this.reference(strategy.referenceId, m);
    const status = await this.statusOf(m, id, year, content);
    // Late is judged at the end of the chosen year, or today for the current year.
    const today = parisDate(this.clock.now());
    const cutoff = `${year}-12-31` < today ? `${year}-12-31` : today;
    const values = await this.valuesFor(m, id, content, [year]);
    const recs = reference.axes.flatMap((a) => a.recommendations);
    const recommendations = recs.map((r) => {
      const plan = content.recommendations.find((p) => p.recommendationNumber === r.number);
      const counts = actionCounts(plan?.actions ?? [], (a) => status(a), cutoff);
      return { number: r.number, title: r.title, axisNumber: r.axisNumber, priority: plan?.priority ?? null, ...counts };
    });
    const indicators: IndicatorFollowUpDto[] = content.recommendations.flatMap((p) =>
      p.indicators.map((ind) => {
        const value = values[ind.key]?.[String(year)] ?? null;
        return {
          key: ind.key,
          recommendationNumber: p.recommendationNumber,
          name: ind.name,
          unit: ind.unit,
          value,
          expected: expectedValue(ind, year),
          target: ind.targetValue ?? null,
          targetYear: ind.targetYear ?? null,
          offTrack: isOffTrack(ind, year, value),
        };
      }),
    );
    const allActions: { a: StrategyActionDto; rec: number | null }[] = [
      ...content.recommendations.flatMap((p) => p.actions.map((a) => ({ a, rec: p.recommendationNumber }))),
      ...content.localActions.map((a) => ({ a, rec: null })),
    ];
    const late = allActions.filter(({ a }) => isLate(a, status(a), cutoff));
    const totals = actionCounts(allActions.map((x) => x.a), (a) => status(a), cutoff);
    return {
      strategyId: id,
      year,
      recommendations,
      indicators,
      lateActions: late.map(({ a, rec }) => ({ key: a.key, title: a.title, deadline: a.deadline as string, lead: a.lead?.name ?? null, recommendationNumber: rec })),
      totals: { actions: totals.actions, done: totals.done, inProgress: totals.inProgress, late: totals.late },
    };
  }

  async followUpPdf(id: string, year: number): Promise<Buffer> {
    const m = this.db.manager;
    const strategy = await this.find(m, id);
    const f = await this.followUp(id, year);
    const content = (await this.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion)).content;
    const years = range(strategy.periodStart - 1, Math.max(year, strategy.periodStart));
    const values = await this.valuesFor(m, id, content, years);
    const departement = await m.getRepository(DepartementEntity).findOneOrFail({ where: { code: strategy.departementCode } });
    const reference = await this.reference(strategy.referenceId, m);
    return renderFollowUpPdf({
      documentId: strategy.id,
      authority: `Préfecture de la ${departement.name}`,
      title: `${strategy.title} ${strategy.periodStart}-${strategy.periodEnd}`,
      year,
      axes: reference.axes.map((a) => ({ number: a.number, title: a.title })),
      recommendations: f.recommendations,
      indicators: f.indicators.map((i) => ({ ...i, history: years.map((y) => ({ year: y, value: values[i.key]?.[String(y)] ?? null })) })),
      lateActions: f.lateActions.map((a) => ({ ...a, deadline: formatDateFr(a.deadline) })),
      totals: f.totals,
      generatedAt: this.clock.now(),
    });
  }

  /** Spreadsheet exports of the strategy or of the yearly follow-up, for partners. */
  async xlsx(id: string, kind: 'strategy' | 'followup', year?: number): Promise<Buffer> {
    const m = this.db.manager;
    const strategy = await this.find(m, id);
    const version = strategy.adoptedVersion ?? strategy.currentVersion;
    const content = (await this.version(m, id, version)).content;
    const reference = await this.reference(strategy.referenceId, m);
    const recs = reference.axes.flatMap((a) => a.recommendations);
    const title = `${strategy.title} ${strategy.periodStart}-${strategy.periodEnd}`;
    const meta = { title, creator: 'Portail CDLP', created: this.clock.now() };
    if (kind === 'followup') {
      const y = year ?? Number(parisDate(this.clock.now()).slice(0, 4));
      const f = await this.followUp(id, y);
      return renderXlsx(
        [
          { name: `Avancement ${y}`, header: ['N°', 'Préconisation', 'Axe', 'Actions', 'Réalisées', 'En cours', 'Non commencées', 'En retard', 'Abandonnées'], rows: f.recommendations.map((r) => [r.number, r.title, r.axisNumber, r.actions, r.done, r.inProgress, r.notStarted, r.late, r.dropped]) },
          { name: `Indicateurs ${y}`, header: ['Préconisation', 'Indicateur', 'Unité', `Valeur ${y}`, 'Attendu', 'Cible', 'Année cible', 'Trajectoire'], rows: f.indicators.map((i) => [i.recommendationNumber, i.name, i.unit, i.value, i.expected, i.target, i.targetYear, i.offTrack === null ? 'non évaluable' : i.offTrack ? 'hors trajectoire' : 'conforme']) },
          { name: 'Actions en retard', header: ['Préconisation', 'Action', 'Échéance', 'Pilote'], rows: f.lateActions.map((a) => [a.recommendationNumber, a.title, a.deadline, a.lead]) },
        ],
        { ...meta, title: `Bilan ${y} — ${title}` },
      );
    }
    const status = await this.statusOf(m, id, Number(parisDate(this.clock.now()).slice(0, 4)), content);
    const actionRow = (a: StrategyActionDto, rec: number | null) => [rec, a.title, a.description ?? '', a.lead?.name ?? '', (a.partners ?? []).map((p) => p.name).join(', '), a.startDate ?? '', a.deadline ?? '', a.budget ?? null, a.fundingSource ?? '', ACTION_STATUS_LABELS[status(a)]];
    const years = range(strategy.periodStart - 1, strategy.periodEnd);
    const values = await this.valuesFor(m, id, content, years);
    return renderXlsx(
      [
        {
          name: 'Préconisations',
          header: ['N°', 'Axe', 'Préconisation', 'Priorité', 'Constats locaux', 'Actions'],
          rows: recs.map((r) => {
            const p = content.recommendations.find((x) => x.recommendationNumber === r.number);
            return [r.number, r.axisNumber, r.title, p?.priority ? PRIORITY_LABELS[p.priority] : '', p?.findings ?? '', p?.actions.length ?? 0];
          }),
        },
        {
          name: 'Actions',
          header: ['Préconisation', 'Action', 'Description', 'Pilote', 'Partenaires', 'Début', 'Échéance', 'Budget (€)', 'Financement', 'Statut'],
          rows: [...content.recommendations.flatMap((p) => p.actions.map((a) => actionRow(a, p.recommendationNumber))), ...content.localActions.map((a) => actionRow(a, null))],
        },
        {
          name: 'Indicateurs',
          header: ['Préconisation', 'Indicateur', 'Unité', 'Référence', 'Année réf.', 'Cible', 'Année cible', ...years.map(String)],
          rows: content.recommendations.flatMap((p) => p.indicators.map((i) => [p.recommendationNumber, i.name, i.unit, i.baselineValue ?? null, i.baselineYear ?? null, i.targetValue ?? null, i.targetYear ?? null, ...years.map((y) => values[i.key]?.[String(y)] ?? null)])),
        },
        { name: 'Chiffres clés', header: ['Chiffre', 'Valeur', 'Unité', 'Source', 'Année'], rows: content.figures.map((f) => [f.label, f.value, f.unit ?? '', f.source, f.year]) },
      ],
      meta,
    );
  }

  // ------------------------------------------------------------------ internals

  private async insertVersion(m: EntityManager, strategy: StrategyEntity, user: UserEntity, content: StrategyContentDto, note: string | null): Promise<void> {
    const number = strategy.currentVersion + 1;
    await m.insert(StrategyVersionEntity, {
      strategyId: strategy.id,
      number,
      content: JSON.parse(JSON.stringify(content)) as StrategyContentDto,
      note,
      savedBy: user.id,
      savedAt: this.clock.now(),
      frozen: false,
    });
    strategy.currentVersion = number;
    strategy.updatedAt = this.clock.now();
    await m.save(strategy);
  }

  /** Every recommendation of the reference once, unique keys, coherent dates and targets. */
  private checkContent(content: StrategyContentDto, reference: StrategyReferenceDto): void {
    const numbers = new Set(reference.axes.flatMap((a) => a.recommendations.map((r) => r.number)));
    const seen = new Set<number>();
    content.recommendations.forEach((p, i) => {
      if (!numbers.has(p.recommendationNumber)) throw fieldError(`content.recommendations.${i}.recommendationNumber`, `La préconisation ${p.recommendationNumber} n'existe pas dans le référentiel.`);
      if (seen.has(p.recommendationNumber)) throw fieldError(`content.recommendations.${i}.recommendationNumber`, `La préconisation ${p.recommendationNumber} apparaît deux fois.`);
      seen.add(p.recommendationNumber);
    });
    const keys = new Set<string>();
    const check = (a: StrategyActionDto, path: string) => {
      if (keys.has(a.key)) throw fieldError(`${path}.key`, 'Deux actions portent la même clé.');
      keys.add(a.key);
      if (a.startDate && a.deadline && a.deadline < a.startDate) throw fieldError(`${path}.deadline`, `L'échéance de l'action « ${a.title} » précède son début.`);
    };
    content.recommendations.forEach((p, i) => {
      p.actions.forEach((a, j) => check(a, `content.recommendations.${i}.actions.${j}`));
      p.indicators.forEach((ind, j) => {
        if (keys.has(ind.key)) throw fieldError(`content.recommendations.${i}.indicators.${j}.key`, 'Deux éléments portent la même clé.');
        keys.add(ind.key);
        if (ind.baselineYear && ind.targetYear && ind.targetYear <= ind.baselineYear) {
          throw fieldError(`content.recommendations.${i}.indicators.${j}.targetYear`, `L'année cible de « ${ind.name} » doit suivre l'année de référence.`);
        }
      });
    });
    content.localActions.forEach((a, j) => check(a, `content.localActions.${j}`));
  }

  private async statusOf(m: EntityManager, id: string, year: number, content: StrategyContentDto): Promise<(a: StrategyActionDto) => ActionStatus> {
    const progress = await m.getRepository(ActionProgressEntity).find({ where: { strategyId: id }, order: { year: 'ASC' } });
    void content;
    return (a) => {
      const entries = progress.filter((p) => p.actionKey === a.key && p.year <= year);
      return entries.length ? entries[entries.length - 1].status : a.status;
    };
  }

  /** Indicator values by key and year: typed values, and for automatic indicators the portal's own figures. */
  private async valuesFor(m: EntityManager, id: string, content: StrategyContentDto, years: number[]): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    const rows = await m.getRepository(IndicatorValueEntity).find({ where: { strategyId: id } });
    for (const r of rows) (out[r.indicatorKey] ??= {})[String(r.year)] = r.value;
    const automatic = content.recommendations.flatMap((p) => p.indicators).filter((i) => i.automatic);
    if (automatic.length) {
      const thisYear = Number(parisDate(this.clock.now()).slice(0, 4));
      for (const y of years.filter((x) => x <= thisYear)) {
        const stats = await this.statistics.indicators(y, y);
        for (const ind of automatic) {
          const v = stats.values[ind.automatic as keyof typeof stats.values];
          if (v !== null) (out[ind.key] ??= {})[String(y)] = v;
        }
      }
    }
    return out;
  }

  private async dto(m: EntityManager, s: StrategyEntity, versionNumber: number): Promise<StrategyDto> {
    const version = await this.version(m, s.id, versionNumber);
    const versions = await m.getRepository(StrategyVersionEntity).find({ where: { strategyId: s.id }, order: { number: 'DESC' } });
    const users = await m.getRepository(UserEntity).find({ where: { id: In([...new Set(versions.map((v) => v.savedBy))]) } });
    const thisYear = Number(parisDate(this.clock.now()).slice(0, 4));
    const status = await this.statusOf(m, s.id, thisYear, version.content);
    const actions = [...version.content.recommendations.flatMap((r) => r.actions), ...version.content.localActions];
    const item = s.agendaItemId ? await m.getRepository(AgendaItemEntity).findOne({ where: { id: s.agendaItemId } }) : null;
    return {
      ...this.listItem(s),
      reference: await this.reference(s.referenceId, m),
      content: version.content,
      versions: versions.map((v) => {
        const u = users.find((x) => x.id === v.savedBy);
        return { number: v.number, savedAt: v.savedAt.toISOString(), savedBy: u ? `${u.firstName} ${u.lastName}` : '', note: v.note, frozen: v.frozen };
      }),
      actionStatus: Object.fromEntries(actions.map((a) => [a.key, status(a)])),
      indicatorValues: await this.valuesFor(m, s.id, version.content, range(s.periodStart - 1, s.periodEnd)),
      agendaSittingId: item?.sittingId ?? null,
      editable: s.state === 'DRAFT' && versionNumber === s.currentVersion,
    };
  }

  private listItem(s: StrategyEntity): StrategyListItemDto {
    return {
      id: s.id,
      title: s.title,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
      state: s.state,
      currentVersion: s.currentVersion,
      adoptedVersion: s.adoptedVersion,
      signedDocumentId: s.signedDocumentId,
      updatedAt: s.updatedAt.toISOString(),
    };
  }

  private async renderPdf(m: EntityManager, s: StrategyEntity, versionNumber: number, documentId: string, stamp: SignatureStamp | null): Promise<Buffer> {
    const version = await this.version(m, s.id, versionNumber);
    const content = plainToInstance(StrategyContentDto, version.content);
    const reference = await this.reference(s.referenceId, m);
    const departement = await m.getRepository(DepartementEntity).findOneOrFail({ where: { code: s.departementCode } });
    const thisYear = Number(parisDate(this.clock.now()).slice(0, 4));
    const status = await this.statusOf(m, s.id, thisYear, content);
    const years = range(s.periodStart - 1, s.periodEnd);
    const values = await this.valuesFor(m, s.id, content, years);
    const national = new Map(reference.nationalAxes.map((n) => [n.number, `${n.number}. ${n.title}`] as const));
    let adoptionLabel: string | null = null;
    if (s.adoptedVersion && s.agendaItemId) {
      const item = await m.getRepository(AgendaItemEntity).findOne({ where: { id: s.agendaItemId } });
      const sitting = item ? await m.getRepository(SittingEntity).findOne({ where: { id: item.sittingId } }) : null;
      if (sitting && item?.voteClosedAt) adoptionLabel = `adoptée lors de la séance n° ${sitting.number} du ${formatDateFr(parisDate(item.voteClosedAt))}`;
    }
    const actionOf = (a: StrategyActionDto, rec: number | null): StrategyPdfAction => ({
      title: a.title,
      description: a.description ?? null,
      lead: a.lead?.name ?? null,
      partners: (a.partners ?? []).map((p) => p.name),
      startDate: a.startDate ? formatDateFr(a.startDate) : null,
      deadline: a.deadline ? formatDateFr(a.deadline) : null,
      budget: a.budget ?? null,
      fundingSource: a.fundingSource ?? null,
      statusLabel: ACTION_STATUS_LABELS[status(a)],
      recommendationNumber: rec,
    });
    return renderStrategyPdf({
      documentId,
      version: versionNumber,
      authority: `Préfecture de la ${departement.name}`,
      departementLabel: `${departement.name} (${departement.code})`,
      title: s.title,
      period: `${s.periodStart}-${s.periodEnd}`,
      stateLabel: STRATEGY_STATE_LABELS[stamp ? 'SIGNED' : s.state],
      adoptionLabel,
      introduction: content.introduction ?? null,
      diagnosticText: content.diagnosticText ?? null,
      figures: content.figures.map((f) => ({ label: f.label, value: f.value, unit: f.unit ?? null, source: f.source, year: f.year })),
      axes: reference.axes.map((axis) => ({
        number: axis.number,
        title: axis.title,
        recommendations: axis.recommendations.map((r) => {
          const plan = content.recommendations.find((p) => p.recommendationNumber === r.number);
          const acts = plan?.actions ?? [];
          const counts = actionCounts(acts, (a) => status(a), parisDate(this.clock.now()));
          return {
            number: r.number,
            title: r.title,
            levers: r.levers,
            nationalAxis: national.get(r.nationalAxisNumber) ?? '',
            findings: plan?.findings || null,
            priorityLabel: plan?.priority ? PRIORITY_LABELS[plan.priority] : null,
            statusLabel: acts.length === 0 ? 'Sans action' : counts.done === acts.length ? 'Réalisée' : counts.late > 0 ? `${counts.late} action(s) en retard` : counts.done + counts.inProgress > 0 ? 'En cours' : 'Non commencée',
            actions: acts.map((a) => actionOf(a, r.number)),
            indicators: (plan?.indicators ?? []).map((i) => ({
              name: i.name,
              unit: i.unit,
              baseline: i.baselineValue != null ? `${i.baselineValue} ${i.unit} (${i.baselineYear ?? '—'})` : null,
              target: i.targetValue != null ? `${i.targetValue} ${i.unit} (${i.targetYear ?? '—'})` : null,
              targetValue: i.targetValue ?? null,
              values: years.map((y) => ({ year: y, value: y === i.baselineYear && i.baselineValue != null ? (values[i.key]?.[String(y)] ?? i.baselineValue) : (values[i.key]?.[String(y)] ?? null) })),
            })),
          };
        }),
      })),
      localActions: content.localActions.map((a) => actionOf(a, null)),
      stamp,
      generatedAt: this.clock.now(),
    });
  }

  async version(m: EntityManager, strategyId: string, number: number): Promise<StrategyVersionEntity> {
    const v = await m.getRepository(StrategyVersionEntity).findOne({ where: { strategyId, number } });
    if (!v) throw notFound(`Version ${number} introuvable.`);
    return v;
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<StrategyEntity> {
    const s = await m.getRepository(StrategyEntity).findOne({ where: { id, departementCode: this.db.departement }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
    if (!s) throw notFound('Stratégie introuvable.');
    return s;
  }
}

export function emptyContent(reference: StrategyReferenceDto): StrategyContentDto {
  return {
    introduction: '',
    diagnosticText: '',
    figures: [],
    recommendations: reference.axes.flatMap((a) => a.recommendations).map((r) => ({ recommendationNumber: r.number, findings: '', priority: null, actions: [], indicators: [] })),
    localActions: [],
  };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}

export { randomUUID as newKey };
