import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  CalendarDto,
  PageDto,
  SittingKind,
  SittingListItemDto,
  SittingState,
  WrittenDeliberationProposalDto,
  daysBetween,
  formatDateFr,
  parisDate,
} from '@cdlp/shared';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { SqlParams } from '../core/database/sql-params';
import { pageTotal } from '../core/database/lean';
import { TenantDb, preparedQuery } from '../core/database/tenant-db';
import { ParametersService } from '../core/parameters/parameters.service';
import { DossierAccessPolicy } from '../psp-requests/dossier-access.policy';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { SUBSTITUTE_WINDOW } from './sitting-seat';
import { SittingEntity } from './sitting.entity';

export interface SittingListQuery {
  page: number;
  pageSize: number;
  year?: number;
  state?: SittingState;
  kind?: SittingKind;
  upcoming?: boolean;
}

interface SittingListRow {
  s_id: string;
  s_number: string;
  s_kind: SittingKind;
  s_mode: SittingListItemDto['mode'];
  s_state: SittingState;
  s_starts_at: Date;
  s_place: string | null;
  s_title: string | null;
  s_second_convocation_of: string | null;
  item_count: string;
  total: string;
}

/**
 * The statement of a sittings list page (and of its total, for a page past the end). The read
 * path: written as SQL rather than built by the query builder at each request (building it
 * cost more of the api's time than running it), one prepared statement per combination of
 * filters (values, limit and offset are parameters), the live agenda's length and the total
 * (window function) in the same query. Row-level security applies on top of the filter.
 */
export function sittingListStatement(
  viewer: Pick<UserEntity, 'role' | 'memberId'>,
  departement: string,
  q: SittingListQuery,
  now: Date,
): { text: string; values: unknown[]; count: { text: string; values: unknown[] } } {
  const p = new SqlParams();
  const where = [`s.departement_code = ${p.add(departement)}`];
  if (viewer.role === 'MEMBER') {
    // MEMB-1: a suppléant lists the sittings where they sit for a titulaire, during the window only.
    const mid = p.add(viewer.memberId ?? '00000000-0000-0000-0000-000000000000');
    where.push(
      `(EXISTS (SELECT 1 FROM sitting_member sm WHERE sm.sitting_id = s.id AND sm.member_id = ${mid} AND sm.convened)
        OR (s.state = ANY(${p.add([...SUBSTITUTE_WINDOW])}::text[])
            AND EXISTS (SELECT 1 FROM sitting_member sm WHERE sm.sitting_id = s.id AND sm.substitute_id = ${mid} AND sm.convened)))
       AND s.state <> 'PLANNED'`,
    );
  }
  if (q.year) where.push(`extract(year FROM s.starts_at AT TIME ZONE 'Europe/Paris') = ${p.add(q.year)}`);
  if (q.state) where.push(`s.state = ${p.add(q.state)}`);
  if (q.kind) where.push(`s.kind = ${p.add(q.kind)}`);
  if (q.upcoming) {
    where.push(
      `s.state IN ('PLANNED', 'CONVENED', 'OPEN') AND s.starts_at >= ${p.add(new Date(now.getTime() - 12 * 3_600_000))}`,
    );
  }
  const filtered = `FROM sitting s WHERE ${where.join(' AND ')}`;
  const count = { text: `SELECT count(*) AS n ${filtered}`, values: [...p.values] };
  const text = `SELECT s.id AS s_id, s.number AS s_number, s.kind AS s_kind, s.mode AS s_mode, s.state AS s_state,
            s.starts_at AS s_starts_at, s.place AS s_place, s.title AS s_title,
            s.second_convocation_of AS s_second_convocation_of,
            (SELECT count(*) FROM agenda_item ai WHERE ai.sitting_id = s.id AND ai.removed_at IS NULL) AS item_count,
            count(*) OVER () AS total
       ${filtered}
      ORDER BY s.starts_at ${q.upcoming ? 'ASC' : 'DESC'}
      LIMIT ${p.add(q.pageSize)} OFFSET ${p.add((q.page - 1) * q.pageSize)}`;
  return { text, values: p.values, count };
}

/** The sittings a user may list (calendar, MEET-1), the reactivity proposals (PSP-4), and who may read a dossier's summary (DP-2, MEMB-1). */
@Injectable()
export class SittingListService implements OnModuleInit {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly params: ParametersService,
    private readonly access: DossierAccessPolicy,
  ) {}

  /**
   * DP-2: a member reads a dossier's summary only while it is on the live agenda of a
   * sitting the member is convened to (and not excluded from PSP items, COMP-3).
   * MEMB-1: a suppléant sitting for such a titulaire reads it as the titulaire would, in the
   * same window (the sitting convened or open, SUBSTITUTE_WINDOW).
   */
  onModuleInit(): void {
    this.access.registerConvenedResolver(async (memberId, requestId) => {
      const rows: unknown[] = await this.db.query(
        `SELECT 1 FROM agenda_item ai
           JOIN sitting s ON s.id = ai.sitting_id
           JOIN sitting_member sm ON sm.sitting_id = s.id AND (sm.member_id = $1 OR sm.substitute_id = $1)
          WHERE ai.request_id = $2 AND ai.removed_at IS NULL
            AND s.state IN ('CONVENED', 'OPEN') AND sm.convened AND NOT sm.excluded_from_psp
          LIMIT 1`,
        [memberId, requestId],
      );
      return rows.length > 0;
    });
  }

  async list(user: UserEntity, q: SittingListQuery): Promise<PageDto<SittingListItemDto>> {
    const st = sittingListStatement(user, this.db.departement, q, this.clock.now());
    const rows = await preparedQuery<SittingListRow>(this.db.manager, st.text, st.values);
    const total = await pageTotal(this.db.manager, rows, q.page, st.count);
    return {
      items: rows.map((r) => ({
        id: r.s_id,
        number: r.s_number,
        kind: r.s_kind,
        mode: r.s_mode,
        state: r.s_state,
        startsAt: r.s_starts_at.toISOString(),
        place: r.s_place,
        title: r.s_title,
        itemCount: Number(r.item_count),
        secondConvocationOfId: r.s_second_convocation_of,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** MEET-1: at least two policy sittings a year. */
  async calendar(user: UserEntity, year: number): Promise<CalendarDto> {
    const page = await this.list(user, { page: 1, pageSize: 200, year });
    const sittings = [...page.items].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const policySittings = sittings.filter((s) => s.kind === 'POLICY' && s.state !== 'CANCELLED').length;
    return {
      year,
      sittings,
      policySittings,
      meet1Warning:
        policySittings < 2
          ? `${policySittings === 0 ? 'Aucune séance' : 'Une seule séance'} consacrée à la stratégie n'est prévue en ${year} : la commission doit en tenir au moins deux par an (MEET-1).`
          : null,
    };
  }

  /** PSP-4: reactivity. Complete requests with no examination sitting planned soon get a written deliberation proposal. */
  async proposals(): Promise<WrittenDeliberationProposalDto[]> {
    const now = this.clock.now();
    const today = parisDate(now);
    const delay = await this.params.get('agenda.reactivity_days', today);
    const waiting = await this.db
      .getRepository(PspRequestEntity)
      .createQueryBuilder('r')
      .where(`r.state = 'COMPLETE' AND r.departement_code = :dep`, { dep: this.db.departement })
      .orderBy('r.urgent', 'DESC')
      .addOrderBy('r.completed_at', 'ASC')
      .getMany();
    if (waiting.length === 0) return [];
    const next = await this.db
      .getRepository(SittingEntity)
      .createQueryBuilder('s')
      .where(
        `s.kind = 'EXAMINATION' AND s.state IN ('PLANNED', 'CONVENED') AND s.starts_at >= :now AND s.departement_code = :dep`,
        {
          now,
          dep: this.db.departement,
        },
      )
      .orderBy('s.starts_at', 'ASC')
      .getOne();
    const limit = new Date(now.getTime() + delay * 86_400_000);
    if (next && next.startsAt <= limit) return [];
    return waiting.map((r) => ({
      requestId: r.id,
      reference: r.reference,
      completedAt: (r.completedAt as Date).toISOString(),
      daysWaiting: daysBetween(parisDate(r.completedAt as Date), today),
      nextExaminationSitting: next ? next.startsAt.toISOString() : null,
      message: next
        ? `Demande complète depuis le ${formatDateFr(parisDate(r.completedAt as Date))} : la prochaine séance d'examen a lieu dans plus de ${delay} jours. Une délibération électronique écrite permet de rendre l'avis plus tôt (PSP-4).`
        : `Demande complète depuis le ${formatDateFr(parisDate(r.completedAt as Date))} et aucune séance d'examen n'est prévue : une délibération électronique écrite permet de rendre l'avis sans attendre (PSP-4).`,
    }));
  }
}
