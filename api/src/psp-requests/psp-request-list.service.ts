import { Injectable } from '@nestjs/common';
import {
  PageDto,
  PspRequestKind,
  PspRequestListItemDto,
  PspRequestState,
  addDays,
  parisDate,
} from '@cdlp/shared';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { PspRequestEntity } from './psp-request.entity';
import { toListItem } from './psp-request.mapper';
import { SqlParams } from '../core/database/sql-params';
import { pageTotal } from '../core/database/lean';
import { TenantDb, preparedQuery } from '../core/database/tenant-db';

export interface PspListQuery {
  page: number;
  pageSize: number;
  state?: PspRequestState;
  kind?: PspRequestKind;
  associationId?: string;
  completedFrom?: string;
  completedTo?: string;
  minDaysWaiting?: number;
  reference?: string;
  sort: 'completedAt' | 'updatedAt' | 'reference' | 'daysWaiting';
  order: 'asc' | 'desc';
}

/** The columns a list shows (psp-request.mapper toListItem). */
const LIST_COLUMNS = [
  'id',
  'reference',
  'kind',
  'state',
  'association_id',
  'urgent',
  'submitted_at',
  'completed_at',
  'opinion',
  'decision',
  'pathway_id',
  'updated_at',
] as const;

type ListRow = { [K in `r_${(typeof LIST_COLUMNS)[number]}`]: unknown } & {
  association_name: string | null;
  total: string;
};

function fromListRow(row: ListRow): PspRequestEntity {
  return Object.assign(new PspRequestEntity(), {
    id: row.r_id,
    reference: row.r_reference,
    kind: row.r_kind,
    state: row.r_state,
    associationId: row.r_association_id,
    urgent: row.r_urgent,
    submittedAt: row.r_submitted_at,
    completedAt: row.r_completed_at,
    opinion: row.r_opinion,
    decision: row.r_decision,
    pathwayId: row.r_pathway_id,
    updatedAt: row.r_updated_at,
  });
}

/** The PSP request list of the secretariat and of each association: the read path, one lean query. */
@Injectable()
export class PspRequestListService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
  ) {}

  async list(user: UserEntity, q: PspListQuery): Promise<PageDto<PspRequestListItemDto>> {
    const now = this.clock.now();
    // The read path: one prepared statement, written as SQL rather than built by the query
    // builder at each request, with only the listed columns (never the encrypted dossier), the
    // association's name joined and the total counted by a window function.
    const p = new SqlParams();
    const where = [`r.departement_code = ${p.add(this.db.departement)}`];
    if (user.role === 'ASSOCIATION') where.push(`r.association_id = ${p.add(user.associationId)}`);
    else if (q.associationId) where.push(`r.association_id = ${p.add(q.associationId)}`);
    if (q.state) where.push(`r.state = ${p.add(q.state)}`);
    if (q.kind) where.push(`r.kind = ${p.add(q.kind)}`);
    if (q.reference?.trim()) where.push(`r.reference ILIKE ${p.add(`%${q.reference.trim().replace(/[%_\\]/g, '')}%`)}`);
    if (q.completedFrom) where.push(`(r.completed_at AT TIME ZONE 'Europe/Paris')::date >= ${p.add(q.completedFrom)}`);
    if (q.completedTo) where.push(`(r.completed_at AT TIME ZONE 'Europe/Paris')::date <= ${p.add(q.completedTo)}`);
    if (q.minDaysWaiting !== undefined) {
      // PSP-4: counted in calendar days in Paris, as daysWaiting is (not in 24-hour blocks).
      where.push(
        `r.state IN ('COMPLETE', 'ON_AGENDA') AND (r.completed_at AT TIME ZONE 'Europe/Paris')::date <= ${p.add(addDays(parisDate(now), -q.minDaysWaiting))}`,
      );
    }
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    const order =
      q.sort === 'reference'
        ? [`r.reference ${dir}`]
        : q.sort === 'updatedAt'
          ? [`r.updated_at ${dir}`]
          : // Waiting longest first means the oldest completion first.
            q.sort === 'daysWaiting'
            ? [`r.completed_at ${dir === 'DESC' ? 'ASC' : 'DESC'} NULLS LAST`]
            : [`r.completed_at ${dir} NULLS LAST`];
    // Tie-breaker; not when sorting by reference, where it would replace the requested direction.
    if (q.sort !== 'reference') order.push('r.reference ASC');
    const count = { text: `SELECT count(*) AS n FROM psp_request r WHERE ${where.join(' AND ')}`, values: [...p.values] };
    // Limit and offset as parameters: one prepared statement serves every page.
    const rows = await preparedQuery<ListRow>(
      this.db.manager,
      `SELECT ${LIST_COLUMNS.map((c) => `r.${c} AS r_${c}`).join(', ')}, a.name AS association_name, count(*) OVER () AS total
         FROM psp_request r LEFT JOIN association a ON a.id = r.association_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${order.join(', ')}
        LIMIT ${p.add(q.pageSize)} OFFSET ${p.add((q.page - 1) * q.pageSize)}`,
      p.values,
    );
    const total = await pageTotal(this.db.manager, rows, q.page, count);
    return {
      items: rows.map((r) => toListItem(fromListRow(r), r.association_name ?? '', now)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }
}
