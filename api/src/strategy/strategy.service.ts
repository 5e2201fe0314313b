import { ForbiddenException, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import {
  CreateStrategyDto,
  PutOnAgendaDto,
  SaveStrategyVersionDto,
  SectionDiffDto,
  StrategyCommentDto,
  StrategyCommentViewDto,
  StrategyDto,
  StrategyListItemDto,
  StrategyReferenceDto,
  diffStrategy,
} from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { conflict, fieldError } from '../core/http/errors';
import { DeliberationService } from '../deliberation/deliberation.service';
import { DocumentsService } from '../documents/documents.service';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { SittingsService } from '../sittings/sittings.service';
import { StrategyCommentEntity, StrategyEntity, StrategyVersionEntity } from './strategy.entities';
import { TenantDb } from '../core/database/tenant-db';
import { StrategyDocumentsService } from './strategy-documents.service';
import { StrategyStore } from './strategy-store';
import { checkContent, emptyContent } from './strategy-content';

/** STRAT-1: the departmental strategy, from the first draft to its signature. Follow-up and documents have their own services. */
@Injectable()
export class StrategyService implements OnModuleInit {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly sittings: SittingsService,
    private readonly deliberation: DeliberationService,
    private readonly documents: DocumentsService,
    private readonly store: StrategyStore,
    private readonly pdfs: StrategyDocumentsService,
  ) {}

  reference(referenceId?: string): Promise<StrategyReferenceDto> {
    return this.store.reference(referenceId);
  }

  onModuleInit(): void {
    this.deliberation.onItemClosed(async (m, item) => {
      if (!item.strategyId || !item.strategyVersion) return;
      const strategy = await m
        .getRepository(StrategyEntity)
        .findOne({ where: { id: item.strategyId }, lock: { mode: 'pessimistic_write' } });
      if (!strategy) return;
      if (item.opinion === 'FAVOURABLE') {
        await m.update(
          StrategyVersionEntity,
          { strategyId: strategy.id, number: item.strategyVersion },
          { frozen: true },
        );
        Object.assign(strategy, {
          state: 'ADOPTED',
          adoptedVersion: item.strategyVersion,
          updatedAt: this.clock.now(),
        });
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
        await this.audit.record(m, {
          action: 'strategy.not_adopted',
          entityType: 'strategy',
          entityId: strategy.id,
          details: { version: item.strategyVersion },
        });
      }
    });
  }

  // ------------------------------------------------------------------ strategies

  async list(): Promise<StrategyListItemDto[]> {
    const rows = await this.db.getRepository(StrategyEntity).find({
      where: { departementCode: this.db.departement },
      order: { periodStart: 'DESC', createdAt: 'DESC' },
    });
    return rows.map((s) => this.store.listItem(s));
  }

  async create(user: UserEntity, dto: CreateStrategyDto): Promise<StrategyDto> {
    if (dto.periodEnd < dto.periodStart)
      throw fieldError('periodEnd', 'La dernière année ne peut pas précéder la première.');
    if (dto.periodEnd - dto.periodStart > 10)
      throw fieldError('periodEnd', 'Une stratégie couvre dix ans au plus.');
    return this.db.transaction(async (m) => {
      const reference = await this.store.reference(undefined, m);
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
      await this.store.insertVersion(m, strategy, user, emptyContent(reference), 'Version initiale');
      await this.audit.record(m, {
        action: 'strategy.created',
        entityType: 'strategy',
        entityId: strategy.id,
      });
      return this.store.dto(m, strategy, strategy.currentVersion);
    });
  }

  async get(id: string, version?: number): Promise<StrategyDto> {
    const strategy = await this.store.find(this.db.manager, id);
    return this.store.dto(this.db.manager, strategy, version ?? strategy.currentVersion);
  }

  /** Saves a new version. Every saved version is kept; an adopted strategy is frozen. */
  async saveVersion(user: UserEntity, id: string, dto: SaveStrategyVersionDto): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.store.find(m, id, true);
      if (strategy.state !== 'DRAFT') {
        throw conflict(
          strategy.state === 'ON_AGENDA'
            ? "La stratégie est inscrite à l'ordre du jour : retirez-la de la séance pour la modifier."
            : 'La stratégie est adoptée : elle ne change plus. Le suivi annuel se fait dans le tableau de bord.',
        );
      }
      if (dto.baseVersion !== strategy.currentVersion) {
        throw conflict(
          `Une version plus récente (${strategy.currentVersion}) a été enregistrée entre-temps : rechargez la page avant d'enregistrer.`,
        );
      }
      const reference = await this.store.reference(strategy.referenceId, m);
      checkContent(dto.content, reference);
      await this.store.insertVersion(m, strategy, user, dto.content, dto.note?.trim() || null);
      await this.audit.record(m, {
        action: 'strategy.version_saved',
        entityType: 'strategy',
        entityId: strategy.id,
        details: { version: strategy.currentVersion },
      });
      return this.store.dto(m, strategy, strategy.currentVersion);
    });
  }

  async diff(id: string, from: number, to: number): Promise<SectionDiffDto[]> {
    const strategy = await this.store.find(this.db.manager, id);
    const a = await this.store.version(this.db.manager, strategy.id, from);
    const b = await this.store.version(this.db.manager, strategy.id, to);
    const reference = await this.store.reference(strategy.referenceId);
    const titles = new Map(
      reference.axes.flatMap((x) => x.recommendations).map((r) => [r.number, r.title] as const),
    );
    return diffStrategy(a.content, b.content, (n) => titles.get(n) ?? '');
  }

  // ------------------------------------------------------------------ comments

  async comments(id: string): Promise<StrategyCommentViewDto[]> {
    await this.store.find(this.db.manager, id);
    const rows = await this.db
      .getRepository(StrategyCommentEntity)
      .find({ where: { strategyId: id }, order: { createdAt: 'ASC' } });
    const users = rows.length
      ? await this.db
          .getRepository(UserEntity)
          .find({ where: { id: In([...new Set(rows.map((r) => r.authorUserId))]) } })
      : [];
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
      const strategy = await this.store.find(m, id);
      if (dto.targetType !== 'GENERAL') {
        const content = (await this.store.version(m, id, strategy.currentVersion)).content;
        const exists =
          dto.targetType === 'RECOMMENDATION'
            ? content.recommendations.some((r) => String(r.recommendationNumber) === dto.targetKey)
            : [...content.recommendations.flatMap((r) => r.actions), ...content.localActions].some(
                (a) => a.key === dto.targetKey,
              );
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
      await this.audit.record(m, {
        action: 'strategy.commented',
        entityType: 'strategy',
        entityId: id,
        details: { targetType: dto.targetType },
      });
    });
    return this.comments(id);
  }

  // ------------------------------------------------------------------ adoption and signature

  /** The version goes on the agenda of a policy sitting, to be voted like any item. */
  async putOnAgenda(user: UserEntity, id: string, dto: PutOnAgendaDto): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.store.find(m, id, true);
      if (strategy.state !== 'DRAFT')
        throw conflict('Seule une stratégie en cours de rédaction peut être inscrite à une séance.');
      await this.store.version(m, id, dto.version);
      const sitting = await this.sittings.find(m, dto.sittingId, true);
      if (sitting.kind !== 'POLICY')
        throw fieldError(
          'sittingId',
          "La stratégie s'adopte en séance consacrée à la stratégie et à la coordination (MEET-1).",
        );
      if (!['PLANNED', 'CONVENED'].includes(sitting.state) || sitting.agendaLocked) {
        throw conflict(
          "L'ordre du jour de cette séance n'est plus modifiable : choisissez une séance programmée ou rouvrez son ordre du jour.",
        );
      }
      const item = await this.sittings.addPolicyItemIn(
        m,
        sitting,
        `Adoption de la stratégie départementale « ${strategy.title} » ${strategy.periodStart}-${strategy.periodEnd} (version ${dto.version})`,
        'Secrétariat de la commission',
      );
      await m.update(
        AgendaItemEntity,
        { id: item.id },
        { strategyId: strategy.id, strategyVersion: dto.version },
      );
      Object.assign(strategy, { state: 'ON_AGENDA', agendaItemId: item.id, updatedAt: this.clock.now() });
      await m.save(strategy);
      await this.sittings.touch(m, sitting);
      await this.audit.record(m, {
        action: 'strategy.on_agenda',
        entityType: 'strategy',
        entityId: id,
        details: { sittingId: sitting.id, version: dto.version },
      });
      void user;
      return this.store.dto(m, strategy, strategy.currentVersion);
    });
  }

  /** Back to drafting, when the item was removed from the agenda or the sitting cancelled. */
  async withdrawFromAgenda(user: UserEntity, id: string): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.store.find(m, id, true);
      if (strategy.state !== 'ON_AGENDA' || !strategy.agendaItemId)
        throw conflict("La stratégie n'est pas inscrite à l'ordre du jour.");
      const item = await m
        .getRepository(AgendaItemEntity)
        .findOneOrFail({ where: { id: strategy.agendaItemId } });
      if (item.removedAt === null) {
        const sitting = await this.sittings.find(m, item.sittingId, true);
        if (item.voteState !== 'NOT_OPENED')
          throw conflict('Le vote sur la stratégie a commencé : elle ne peut plus être retirée.');
        // A sitting that ended without voting on the strategy keeps its record as it was:
        // the strategy goes back to drafting, to be put on a later sitting.
        const over = ['CLOSED', 'MINUTES_DRAFTED', 'MINUTES_SIGNED'].includes(sitting.state);
        if (!over) {
          if (sitting.agendaLocked)
            throw conflict("L'ordre du jour est verrouillé : rouvrez-le avant de retirer la stratégie.");
          await this.sittings.releaseItem(m, item, 'Stratégie retirée par le secrétariat');
          await this.sittings.touch(m, sitting);
        }
      }
      Object.assign(strategy, { state: 'DRAFT', agendaItemId: null, updatedAt: this.clock.now() });
      await m.save(strategy);
      await this.audit.record(m, {
        action: 'strategy.withdrawn_from_agenda',
        entityType: 'strategy',
        entityId: id,
      });
      void user;
      return this.store.dto(m, strategy, strategy.currentVersion);
    });
  }

  /** SIG-1: the préfet signs the adopted version. */
  async sign(user: UserEntity, id: string): Promise<StrategyDto> {
    if (user.role !== 'PRESIDENT')
      throw new ForbiddenException({
        statusCode: 403,
        message: 'Seule la présidence signe la stratégie (SIG-1).',
      });
    return this.db.transaction(async (m) => {
      const strategy = await this.store.find(m, id, true);
      if (strategy.state !== 'ADOPTED' || !strategy.adoptedVersion)
        throw conflict('La stratégie doit être adoptée par la commission avant d’être signée.');
      const version = strategy.adoptedVersion;
      const signed = await this.documents.sign(m, {
        kind: 'STRATEGY',
        subjectId: strategy.id,
        title: `${strategy.title} ${strategy.periodStart}-${strategy.periodEnd}`,
        signer: user,
        render: ({ documentId, stamp }) => this.pdfs.renderPdf(m, strategy, version, documentId, stamp),
      });
      Object.assign(strategy, { state: 'SIGNED', signedDocumentId: signed.id, updatedAt: this.clock.now() });
      await m.save(strategy);
      await this.audit.record(m, {
        action: 'strategy.signed',
        entityType: 'strategy',
        entityId: id,
        details: { documentId: signed.id, version, rule: 'SIG-1' },
      });
      return this.store.dto(m, strategy, strategy.currentVersion);
    });
  }
}

export { emptyContent } from './strategy-content';
export { randomUUID as newKey };
