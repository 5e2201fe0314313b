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
import { AssociationEntity } from '../registry/association.entity';
import { PspRequestEntity } from './psp-request.entity';
import { toListItem } from './psp-request.mapper';
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
    const qb = this.db
      .getRepository(PspRequestEntity)
      .createQueryBuilder('r')
      .where('r.departement_code = :dep', { dep: this.db.departement });
    if (user.role === 'ASSOCIATION') qb.andWhere('r.association_id = :own', { own: user.associationId });
    else if (q.associationId) qb.andWhere('r.association_id = :aid', { aid: q.associationId });
    if (q.state) qb.andWhere('r.state = :state', { state: q.state });
    if (q.kind) qb.andWhere('r.kind = :kind', { kind: q.kind });
    if (q.reference?.trim())
      qb.andWhere('r.reference ILIKE :ref', { ref: `%${q.reference.trim().replace(/[%_\\]/g, '')}%` });
    if (q.completedFrom)
      qb.andWhere(`(r.completed_at AT TIME ZONE 'Europe/Paris')::date >= :cf`, { cf: q.completedFrom });
    if (q.completedTo)
      qb.andWhere(`(r.completed_at AT TIME ZONE 'Europe/Paris')::date <= :ct`, { ct: q.completedTo });
    if (q.minDaysWaiting !== undefined) {
      // PSP-4: counted in calendar days in Paris, as daysWaiting is (not in 24-hour blocks).
      qb.andWhere(
        `r.state IN ('COMPLETE', 'ON_AGENDA') AND (r.completed_at AT TIME ZONE 'Europe/Paris')::date <= :limit`,
        {
          limit: addDays(parisDate(now), -q.minDaysWaiting),
        },
      );
    }
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    if (q.sort === 'reference') qb.orderBy('r.reference', dir);
    else if (q.sort === 'updatedAt') qb.orderBy('r.updated_at', dir);
    // Waiting longest first means the oldest completion first.
    else if (q.sort === 'daysWaiting')
      qb.orderBy('r.completed_at', dir === 'DESC' ? 'ASC' : 'DESC', 'NULLS LAST');
    else qb.orderBy('r.completed_at', dir, 'NULLS LAST');
    // Tie-breaker; not when sorting by reference, where it would replace the requested direction.
    if (q.sort !== 'reference') qb.addOrderBy('r.reference', 'ASC');
    // The read path: one query, only the listed columns (never the encrypted dossier), the
    // association's name joined, the total counted by a window function.
    const [sql, params] = qb
      .select(LIST_COLUMNS.map((c) => `r.${c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase())}`))
      .leftJoin(AssociationEntity, 'a', 'a.id = r.association_id')
      .addSelect('a.name', 'association_name')
      .addSelect('count(*) OVER ()', 'total')
      .getQueryAndParameters();
    // Limit and offset as parameters: one prepared statement serves every page.
    const rows = await preparedQuery<ListRow>(
      this.db.manager,
      `${sql} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const total = rows.length > 0 ? Number(rows[0].total) : q.page > 1 ? await qb.getCount() : 0;
    return {
      items: rows.map((r) => toListItem(fromListRow(r), r.association_name ?? '', now)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }
}
