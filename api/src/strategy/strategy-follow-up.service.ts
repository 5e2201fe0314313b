import { Injectable } from '@nestjs/common';
import {
  ActionProgressDto,
  FollowUpDto,
  IndicatorFollowUpDto,
  IndicatorValueDto,
  StrategyActionDto,
  StrategyDto,
  actionCounts,
  expectedValue,
  isLate,
  isOffTrack,
  parisDate,
} from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { fieldError } from '../core/http/errors';
import { IndicatorValueEntity } from './strategy.entities';
import { TenantDb } from '../core/database/tenant-db';
import { StrategyStore } from './strategy-store';

/** STRAT-1: the yearly follow-up of an adopted strategy: indicator values, action statuses, the year's summary. */
@Injectable()
export class StrategyFollowUpService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly store: StrategyStore,
  ) {}

  // ------------------------------------------------------------------ follow-up

  async setIndicatorValue(user: UserEntity, id: string, dto: IndicatorValueDto): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.store.find(m, id, true);
      const content = (await this.store.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion))
        .content;
      const indicator = content.recommendations
        .flatMap((r) => r.indicators)
        .find((i) => i.key === dto.indicatorKey);
      if (!indicator) throw fieldError('indicatorKey', 'Indicateur introuvable dans la stratégie.');
      if (indicator.automatic)
        throw fieldError('indicatorKey', 'Cet indicateur est calculé par le portail : il ne se saisit pas.');
      if (dto.value === null || dto.value === undefined) {
        await m.delete(IndicatorValueEntity, {
          strategyId: id,
          indicatorKey: dto.indicatorKey,
          year: dto.year,
        });
      } else {
        await m.query(
          `INSERT INTO strategy_indicator_value (strategy_id, indicator_key, year, value, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (strategy_id, indicator_key, year) DO UPDATE SET value = EXCLUDED.value, entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
          [id, dto.indicatorKey, dto.year, dto.value, user.id, this.clock.now()],
        );
      }
      await this.audit.record(m, {
        action: 'strategy.indicator_value',
        entityType: 'strategy',
        entityId: id,
        details: { indicatorKey: dto.indicatorKey, year: dto.year },
      });
      return this.store.dto(m, strategy, strategy.currentVersion);
    });
  }

  async setActionProgress(user: UserEntity, id: string, dto: ActionProgressDto): Promise<StrategyDto> {
    return this.db.transaction(async (m) => {
      const strategy = await this.store.find(m, id, true);
      const content = (await this.store.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion))
        .content;
      if (
        ![...content.recommendations.flatMap((r) => r.actions), ...content.localActions].some(
          (a) => a.key === dto.actionKey,
        )
      ) {
        throw fieldError('actionKey', 'Action introuvable dans la stratégie.');
      }
      await m.query(
        `INSERT INTO strategy_action_progress (strategy_id, action_key, year, status, note, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (strategy_id, action_key, year) DO UPDATE SET status = EXCLUDED.status, note = EXCLUDED.note, entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
        [id, dto.actionKey, dto.year, dto.status, dto.note?.trim() || null, user.id, this.clock.now()],
      );
      await this.audit.record(m, {
        action: 'strategy.action_progress',
        entityType: 'strategy',
        entityId: id,
        details: { actionKey: dto.actionKey, year: dto.year, status: dto.status },
      });
      return this.store.dto(m, strategy, strategy.currentVersion);
    });
  }

  /** STRAT-1: the yearly follow-up: progress per recommendation, indicators against targets, late actions. */
  async followUp(id: string, year: number): Promise<FollowUpDto> {
    const m = this.db.manager;
    const strategy = await this.store.find(m, id);
    const content = (await this.store.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion))
      .content;
    const reference = await this.store.reference(strategy.referenceId, m);
    const status = await this.store.statusOf(m, id, year, content);
    // Late is judged at the end of the chosen year, or today for the current year.
    const today = parisDate(this.clock.now());
    const cutoff = `${year}-12-31` < today ? `${year}-12-31` : today;
    const values = await this.store.valuesFor(m, id, content, [year]);
    const recs = reference.axes.flatMap((a) => a.recommendations);
    const recommendations = recs.map((r) => {
      const plan = content.recommendations.find((p) => p.recommendationNumber === r.number);
      const counts = actionCounts(plan?.actions ?? [], (a) => status(a), cutoff);
      return {
        number: r.number,
        title: r.title,
        axisNumber: r.axisNumber,
        priority: plan?.priority ?? null,
        ...counts,
      };
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
    const totals = actionCounts(
      allActions.map((x) => x.a),
      (a) => status(a),
      cutoff,
    );
    return {
      strategyId: id,
      year,
      recommendations,
      indicators,
      lateActions: late.map(({ a, rec }) => ({
        key: a.key,
        title: a.title,
        deadline: a.deadline as string,
        lead: a.lead?.name ?? null,
        recommendationNumber: rec,
      })),
      totals: {
        actions: totals.actions,
        done: totals.done,
        inProgress: totals.inProgress,
        late: totals.late,
      },
    };
  }
}
