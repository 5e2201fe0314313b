import { Injectable } from '@nestjs/common';
import type { ActionStatus, YearActionStatusesDto } from '@cdlp/shared';
import { TenantDb } from '../core/database/tenant-db';
import { notFound } from '../core/http/errors';
import { ActionProgressEntity, StrategyEntity } from './strategy.entities';
import { StrategyService } from './strategy.service';

/** STRAT-1: the statuses of the actions for one year of the follow-up, past years included. */
@Injectable()
export class ActionStatusesService {
  constructor(
    private readonly db: TenantDb,
    private readonly strategies: StrategyService,
  ) {}

  async forYear(id: string, year: number): Promise<YearActionStatusesDto> {
    const m = this.db.manager;
    const strategy = await m.getRepository(StrategyEntity).findOne({ where: { id, departementCode: this.db.departement } });
    if (!strategy) throw notFound('Stratégie introuvable.');
    const content = (await this.strategies.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion)).content;
    const progress = await m.getRepository(ActionProgressEntity).find({ where: { strategyId: id }, order: { year: 'ASC' } });
    const statuses: Record<string, ActionStatus> = {};
    for (const a of [...content.recommendations.flatMap((r) => r.actions), ...content.localActions]) {
      const entries = progress.filter((p) => p.actionKey === a.key && p.year <= year);
      statuses[a.key] = entries.length ? entries[entries.length - 1].status : a.status;
    }
    const entered = progress.filter((p) => p.year === year && p.actionKey in statuses).map((p) => p.actionKey);
    return { year, statuses, entered };
  }
}
