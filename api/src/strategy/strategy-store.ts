import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  ActionStatus,
  StrategyActionDto,
  StrategyContentDto,
  StrategyDto,
  StrategyListItemDto,
  StrategyReferenceDto,
  parisDate,
} from '@cdlp/shared';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { notFound } from '../core/http/errors';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { StatisticsService } from '../statistics/statistics.service';
import {
  ActionProgressEntity,
  IndicatorValueEntity,
  StrategyEntity,
  StrategyVersionEntity,
} from './strategy.entities';
import { TenantDb } from '../core/database/tenant-db';

/** STRAT-1: reads and writes of a strategy shared by its services (versions, statuses, indicator values, the DTO). */
@Injectable()
export class StrategyStore {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly statistics: StatisticsService,
  ) {}

  // ------------------------------------------------------------------ reference

  async reference(referenceId?: string, m: EntityManager = this.db.manager): Promise<StrategyReferenceDto> {
    const refs: { id: string; code: string; version: number; title: string; source: string }[] =
      await m.query(
        referenceId
          ? `SELECT id, code, version, title, source FROM strategy_reference WHERE id = $1`
          : `SELECT id, code, version, title, source FROM strategy_reference ORDER BY valid_from DESC, version DESC LIMIT 1`,
        referenceId ? [referenceId] : [],
      );
    if (!refs[0]) throw notFound('Référentiel des préconisations introuvable.');
    const ref = refs[0];
    const axes: { number: number; title: string }[] = await m.query(
      `SELECT number, title FROM strategy_axis WHERE reference_id = $1 ORDER BY number`,
      [ref.id],
    );
    const recs: {
      number: number;
      axis_number: number;
      title: string;
      levers: string[];
      national_axis_number: number;
    }[] = await m.query(
      `SELECT number, axis_number, title, levers, national_axis_number FROM strategy_recommendation WHERE reference_id = $1 ORDER BY number`,
      [ref.id],
    );
    const national: { number: number; title: string }[] = await m.query(
      `SELECT number, title FROM national_axis ORDER BY number`,
    );
    return {
      ...ref,
      axes: axes.map((a) => ({
        number: a.number,
        title: a.title,
        recommendations: recs
          .filter((r) => r.axis_number === a.number)
          .map((r) => ({
            number: r.number,
            title: r.title,
            levers: r.levers,
            axisNumber: r.axis_number,
            nationalAxisNumber: r.national_axis_number,
          })),
      })),
      nationalAxes: national,
    };
  }

  // ------------------------------------------------------------------ internals

  async insertVersion(
    m: EntityManager,
    strategy: StrategyEntity,
    user: UserEntity,
    content: StrategyContentDto,
    note: string | null,
  ): Promise<void> {
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

  async statusOf(
    m: EntityManager,
    id: string,
    year: number,
    content: StrategyContentDto,
  ): Promise<(a: StrategyActionDto) => ActionStatus> {
    const progress = await m
      .getRepository(ActionProgressEntity)
      .find({ where: { strategyId: id }, order: { year: 'ASC' } });
    void content;
    return (a) => {
      const entries = progress.filter((p) => p.actionKey === a.key && p.year <= year);
      return entries.length ? entries[entries.length - 1].status : a.status;
    };
  }

  /** Indicator values by key and year: typed values, and for automatic indicators the portal's own figures. */
  async valuesFor(
    m: EntityManager,
    id: string,
    content: StrategyContentDto,
    years: number[],
  ): Promise<Record<string, Record<string, number>>> {
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

  async dto(m: EntityManager, s: StrategyEntity, versionNumber: number): Promise<StrategyDto> {
    const version = await this.version(m, s.id, versionNumber);
    const versions = await m
      .getRepository(StrategyVersionEntity)
      .find({ where: { strategyId: s.id }, order: { number: 'DESC' } });
    const users = await m
      .getRepository(UserEntity)
      .find({ where: { id: In([...new Set(versions.map((v) => v.savedBy))]) } });
    const thisYear = Number(parisDate(this.clock.now()).slice(0, 4));
    const status = await this.statusOf(m, s.id, thisYear, version.content);
    const actions = [
      ...version.content.recommendations.flatMap((r) => r.actions),
      ...version.content.localActions,
    ];
    const item = s.agendaItemId
      ? await m.getRepository(AgendaItemEntity).findOne({ where: { id: s.agendaItemId } })
      : null;
    return {
      ...this.listItem(s),
      reference: await this.reference(s.referenceId, m),
      content: version.content,
      versions: versions.map((v) => {
        const u = users.find((x) => x.id === v.savedBy);
        return {
          number: v.number,
          savedAt: v.savedAt.toISOString(),
          savedBy: u ? `${u.firstName} ${u.lastName}` : '',
          note: v.note,
          frozen: v.frozen,
        };
      }),
      actionStatus: Object.fromEntries(actions.map((a) => [a.key, status(a)])),
      indicatorValues: await this.valuesFor(m, s.id, version.content, range(s.periodStart - 1, s.periodEnd)),
      agendaSittingId: item?.sittingId ?? null,
      editable: s.state === 'DRAFT' && versionNumber === s.currentVersion,
    };
  }

  listItem(s: StrategyEntity): StrategyListItemDto {
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

  async version(m: EntityManager, strategyId: string, number: number): Promise<StrategyVersionEntity> {
    const v = await m.getRepository(StrategyVersionEntity).findOne({ where: { strategyId, number } });
    if (!v) throw notFound(`Version ${number} introuvable.`);
    return v;
  }

  async find(m: EntityManager, id: string, lock = false): Promise<StrategyEntity> {
    const s = await m.getRepository(StrategyEntity).findOne({
      where: { id, departementCode: this.db.departement },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!s) throw notFound('Stratégie introuvable.');
    return s;
  }
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}
