import { Injectable } from '@nestjs/common';
import type { ActionStatus, YearActionStatusesDto } from '@cdlp/shared';
import { TenantDb } from '../core/database/tenant-db';
import { ActionProgressEntity } from './strategy.entities';
import { StrategyStore } from './strategy-store';

/** STRAT-1: the statuses of the actions for one year of the follow-up, past years included. */
@Injectable()
export class ActionStatusesService {
  constructor(
    private readonly db: TenantDb,
    private readonly store: StrategyStore,
  ) {}

  async forYear(id: string, year: number): Promise<YearActionStatusesDto> {
    const m = this.db.manager;
    const strategy = await this.store.find(m, id);
    const content = (await this.store.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion))
      .content;
    // A year's status is the latest entered up to that year, else the status planned in the strategy.
    const status = await this.store.statusOf(m, id, year, content);
    const statuses: Record<string, ActionStatus> = {};
    for (const a of [...content.recommendations.flatMap((r) => r.actions), ...content.localActions])
      statuses[a.key] = status(a);
    const entered = await m
      .getRepository(ActionProgressEntity)
      .find({ where: { strategyId: id, year }, select: { actionKey: true } });
    return { year, statuses, entered: entered.map((p) => p.actionKey).filter((k) => k in statuses) };
  }
}
