import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TenantDb, preparedQuery } from '../database/tenant-db';

export type ParameterKey =
  | 'afis.monthly_base'
  | 'afis.per_child'
  | 'pathway.period_months'
  | 'pathway.max_total_months'
  | 'pathway.expiry_alert_days'
  | 'approval.years'
  | 'retention.withdrawn_request_months'
  | 'retention.decided_request_months'
  | 'retention.ended_pathway_months'
  | 'convocation.min_days'
  | 'convocation.reminder_days'
  | 'agenda.reactivity_days'
  | 'quorum.exclude_excluded_from_base'
  | 'written.default_duration_days'
  | 'written.min_duration_hours'
  | 'vote.abstentions_counted'
  | 'written.allow_physical_request';

interface ParameterRow {
  key: string;
  valid_from: string;
  value: string;
}

/**
 * Dated parameters: the value in force on a date is the one with the latest valid_from not
 * after it. A transaction reads its scope's parameters once (a sitting's page needs several):
 * they are kept for the rest of that transaction only, so a change is seen by the next one;
 * a writer in the same transaction calls `forget(m)`.
 */
@Injectable()
export class ParametersService {
  private readonly loaded = new WeakMap<EntityManager, Promise<ParameterRow[]>>();

  constructor(private readonly db: TenantDb) {}

  async get(key: ParameterKey, onDate: string, manager?: EntityManager): Promise<number> {
    const m = manager ?? this.db.manager;
    let rows = this.loaded.get(m);
    if (!rows) {
      // The explicit filter repeats the row-level security policy (defence in depth, and the
      // same plan whether or not the policy applies).
      rows = preparedQuery<ParameterRow>(
        m,
        `SELECT key, valid_from::text AS valid_from, value::text AS value FROM parameter
          WHERE departement_code = current_setting('app.departement') ORDER BY key, valid_from DESC`,
        [],
      );
      this.loaded.set(m, rows);
      void rows.catch(() => this.loaded.delete(m));
    }
    const found = (await rows).find((r) => r.key === key && r.valid_from <= onDate);
    if (!found) throw new Error(`Parameter ${key} has no value on ${onDate}`);
    return Number(found.value);
  }

  /** After writing parameters in a transaction, its next reads see them. */
  forget(m: EntityManager): void {
    this.loaded.delete(m);
  }
}
