import { ForbiddenException, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  compareFr,
  AgendaItemDto,
  ConvenedMemberDto,
  QuorumDto,
  QuorumMember,
  SittingDto,
  SittingListItemDto,
  checkConvocationDelay,
  computeQuorum,
  parisDate,
} from '@cdlp/shared';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { ParametersService } from '../core/parameters/parameters.service';
import { MemberEntity } from '../registry/member.entity';
import { seatRowOf } from './sitting-seat';
import { SittingMemberEntity } from './sitting-member.entity';
import { SittingEntity } from './sitting.entity';
import { TenantDb, preparedQuery } from '../core/database/tenant-db';

/**
 * DP-2 / COMP-3: a member sees a sitting once convened to it (not while it is only planned);
 * MEMB-1: a suppléant sitting for a convened titulaire sees it too, during the sitting window only.
 */
export function assertMemberMaySee(
  user: UserEntity,
  sitting: SittingEntity,
  rows: Pick<SittingMemberEntity, 'memberId' | 'substituteId' | 'convened'>[],
): void {
  if (user.role !== 'MEMBER') return;
  const row = seatRowOf(rows, user.memberId, sitting.state);
  if (!row || !row.convened || sitting.state === 'PLANNED') {
    throw new ForbiddenException({ statusCode: 403, message: "Vous n'êtes pas convoqué(e) à cette séance." });
  }
}

export function memberName(m: MemberEntity): string {
  return `${m.civility === 'MME' ? 'Mme' : 'M.'} ${m.firstName} ${m.lastName}`;
}

/** Builds sitting answers (mappers with the lookups they need) and computes the quorum. */
@Injectable()
export class SittingViewService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly params: ParametersService,
  ) {}

  /**
   * QUOR-1 / QUOR-2 / QUOR-3 / REM-2 / MAND-1 / MEMB-1: the presence of each member of
   * the composition, from the confirmed register once the sitting is open, else from answers.
   */
  async quorum(m: EntityManager, sitting: SittingEntity): Promise<QuorumDto> {
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id } });
    const members = rows.length
      ? await m.getRepository(MemberEntity).find({ where: { id: In(rows.map((r) => r.memberId)) } })
      : [];
    const voting = new Set(members.filter((x) => x.votingRight).map((x) => x.id));
    const kinds: { kind: string }[] = await m.query(
      `SELECT DISTINCT kind FROM agenda_item WHERE sitting_id = $1 AND removed_at IS NULL`,
      [sitting.id],
    );
    return this.quorumOf(
      m,
      sitting,
      rows.map((r) => ({ ...r, votingRight: voting.has(r.memberId) })),
      kinds.map((k) => k.kind),
    );
  }

  /** The quorum from rows already loaded (the sitting's page loads them once for everything it shows). */
  private async quorumOf(
    m: EntityManager,
    sitting: SittingEntity,
    rows: QuorumRow[],
    liveItemKinds: string[],
  ): Promise<QuorumDto> {
    const confirmed = ['OPEN', 'CLOSED', 'MINUTES_DRAFTED', 'MINUTES_SIGNED'].includes(sitting.state);
    const written = sitting.mode === 'WRITTEN';
    const composition: QuorumMember[] = rows
      .filter((r) => r.votingRight)
      .map((r) => {
        let presence: QuorumMember['presence'];
        let substituted = false;
        if (written) {
          // REM-1: in a written deliberation, taking part is recorded from activity.
          presence = r.lastActivityAt ? 'REMOTE' : 'ABSENT';
        } else if (confirmed && r.confirmedPresence) {
          presence = r.confirmedPresence;
          substituted = r.confirmedPresence === 'ABSENT' && r.substituteId !== null;
        } else {
          presence = r.answer === 'PRESENT' ? 'PRESENT' : r.answer === 'REMOTE' ? 'REMOTE' : 'ABSENT';
          substituted = r.answer === 'SUBSTITUTED';
        }
        return {
          id: r.memberId,
          excluded: r.excludedFromPsp,
          presence: r.convened || presence !== 'ABSENT' ? presence : 'ABSENT',
          substitutedBySittingSubstitute: substituted,
          mandateHolderId: r.answer === 'MANDATE' ? r.mandateHolderId : null,
        };
      });
    const today = parisDate(this.clock.now());
    const excludeExcluded = (await this.params.get('quorum.exclude_excluded_from_base', today, m)) === 1;
    const onlyPsp =
      liveItemKinds.length > 0
        ? liveItemKinds.every((k) => k === 'PSP_REQUEST')
        : sitting.kind === 'EXAMINATION';
    return computeQuorum(composition, {
      secondConvocation: sitting.secondConvocationOf !== null,
      excludeExcludedFromBase: excludeExcluded && onlyPsp,
      remoteDeliberation: sitting.mode === 'WRITTEN' || sitting.mode === 'VIDEO',
    });
  }

  async dto(
    m: EntityManager,
    sitting: SittingEntity,
    user: UserEntity | null,
    opts: { checkVisibility?: boolean } = {},
  ): Promise<SittingDto> {
    // The read path: the page's data in one query (agenda with its requests and documents,
    // members with their names, categories and convocation status, the second convocation),
    // built as JSON by PostgreSQL. A live sitting page is read by every member, often.
    const [page] = await preparedQuery<PageRow>(m, PAGE_QUERY, [sitting.id]);
    const items = (page.items ?? []).map(toItemRow);
    const rows = (page.members ?? []).map(toMemberRow);
    if (opts.checkVisibility && user) assertMemberMaySee(user, sitting, rows);
    const live = items.filter((i) => i.removedAt === null);
    const base: SittingListItemDto = {
      id: sitting.id,
      number: sitting.number,
      kind: sitting.kind,
      mode: sitting.mode,
      state: sitting.state,
      startsAt: sitting.startsAt.toISOString(),
      place: sitting.place,
      title: sitting.title,
      itemCount: live.length,
      secondConvocationOfId: sitting.secondConvocationOf,
    };
    // COMP-3: a member excluded from PSP examinations never sees PSP items.
    // MEMB-1: a suppléant who sits sees what the titulaire would see, during the sitting window.
    const viewerRow = user?.role === 'MEMBER' ? seatRowOf(rows, user.memberId, sitting.state) : undefined;
    const hidePsp = user?.role === 'MEMBER' && (!viewerRow || viewerRow.excludedFromPsp);
    const agenda: AgendaItemDto[] = items
      .filter((i) => !(hidePsp && i.kind === 'PSP_REQUEST'))
      .filter((i) => user?.role !== 'MEMBER' || i.removedAt === null)
      .map((i) => ({
        id: i.id,
        position: i.position,
        kind: i.kind,
        requestId: i.requestId,
        reference: i.reference,
        requestKind: i.requestKind,
        associationName: i.associationName,
        urgent: i.urgent,
        completedAt: i.completedAt,
        title: i.title,
        presenter: i.presenter,
        documents: i.documents,
        removed: i.removedAt !== null,
        removedReason: i.removedReason,
      }));

    const memberDtos: ConvenedMemberDto[] = rows
      .filter((r) => r.convened || r.answer !== null)
      .map((r) => ({
        memberId: r.memberId,
        name: r.name,
        quality: r.quality,
        categoryLabel: r.categoryLabel,
        seat: r.seat,
        excludedFromPsp: r.excludedFromPsp,
        answer: r.answer,
        mandateHolderId: r.mandateHolderId,
        mandateHolderName: r.mandateHolderName,
        confirmedPresence: r.confirmedPresence,
        substituteId: r.substituteId,
        substituteName: r.substituteName,
        substituteQuality: r.substituteQuality,
        substituteCivility: r.substituteCivility,
        convocationStatus: r.convocationStatus,
        convocationError: r.convocationError,
        convocationMessageId: r.convocationMessageId,
      }))
      .sort((a, b) => compareFr(a.name, b.name));
    const minDays = await this.params.get('convocation.min_days', parisDate(this.clock.now()), m);
    const reference = sitting.mode === 'WRITTEN' && sitting.opensAt ? sitting.opensAt : sitting.startsAt;
    return {
      ...base,
      videoLink: sitting.videoLink,
      opensAt: sitting.opensAt?.toISOString() ?? null,
      earliestCloseAt: sitting.earliestCloseAt?.toISOString() ?? null,
      convokedAt: sitting.convokedAt?.toISOString() ?? null,
      urgent: sitting.urgent,
      urgencyReason: sitting.urgencyReason,
      agendaLocked: sitting.agendaLocked,
      agenda,
      members:
        user?.role === 'MEMBER'
          ? memberDtos.map((x) => ({ ...x, convocationError: null, convocationMessageId: null }))
          : memberDtos,
      quorum: await this.quorumOf(
        m,
        sitting,
        rows,
        live.map((i) => i.kind),
      ),
      secondConvocationId: page.second_id,
      convocationOnTime: checkConvocationDelay(this.clock.now(), reference, minDays).onTime,
      myMemberId: user?.memberId ?? null,
      agendaChangedSinceConvocation: sitting.agendaChangedSinceConvocation,
    };
  }

  /** For the SSE stream: the sitting as the given user sees it. */
  async snapshot(sittingId: string, user: UserEntity): Promise<SittingDto | null> {
    const s = await this.db
      .getRepository(SittingEntity)
      .findOne({ where: { id: sittingId, departementCode: this.db.departement } });
    return s ? this.dto(this.db.manager, s, user) : null;
  }
}

/** What the quorum needs of a convened member's row. */
type QuorumRow = Pick<
  SittingMemberEntity,
  | 'memberId'
  | 'convened'
  | 'excludedFromPsp'
  | 'answer'
  | 'mandateHolderId'
  | 'confirmedPresence'
  | 'substituteId'
  | 'lastActivityAt'
> & { votingRight: boolean };

const MEMBER_NAME = (alias: string) =>
  `CASE WHEN ${alias}.civility = 'MME' THEN 'Mme ' ELSE 'M. ' END || ${alias}.first_name || ' ' || ${alias}.last_name`;

/** The sitting page's data ($1: the sitting), as memberName() and the mappers above expect it. */
const PAGE_QUERY = `
  SELECT
    (SELECT json_agg(x ORDER BY x.position, x.created_at) FROM (
       SELECT ai.id, ai.position, ai.kind, ai.request_id, ai.title, ai.presenter, ai.removed_at, ai.removed_reason, ai.created_at,
              r.reference, r.kind AS request_kind, r.urgent, r.completed_at, a.name AS association_name,
              (SELECT coalesce(json_agg(json_build_object('id', d.id, 'filename', d.filename, 'size', d.size) ORDER BY d.uploaded_at), '[]')
                 FROM agenda_document d WHERE d.agenda_item_id = ai.id) AS documents
         FROM agenda_item ai
         LEFT JOIN psp_request r ON r.id = ai.request_id
         LEFT JOIN association a ON a.id = r.association_id
        WHERE ai.sitting_id = $1) x) AS items,
    (SELECT json_agg(y) FROM (
       SELECT sm.member_id, sm.convened, sm.excluded_from_psp, sm.answer, sm.mandate_holder_id, sm.confirmed_presence,
              sm.substitute_id, sm.last_activity_at, sm.convocation_message_id,
              m.voting_right, m.seat, ${MEMBER_NAME('m')} AS name, m.function || ', ' || m.organisation AS quality,
              coalesce(c.label, m.category_code) AS category_label,
              ${MEMBER_NAME('h')} AS mandate_holder_name, ${MEMBER_NAME('sb')} AS substitute_name,
              sb.function || ', ' || sb.organisation AS substitute_quality, sb.civility AS substitute_civility,
              o.status AS convocation_status, o.last_error AS convocation_error
         FROM sitting_member sm
         LEFT JOIN member m ON m.id = sm.member_id
         LEFT JOIN member_category c ON c.code = m.category_code
         LEFT JOIN member h ON h.id = sm.mandate_holder_id
         LEFT JOIN member sb ON sb.id = sm.substitute_id
         LEFT JOIN outbox_message o ON o.id = sm.convocation_message_id
        WHERE sm.sitting_id = $1) y) AS members,
    (SELECT s2.id FROM sitting s2 WHERE s2.second_convocation_of = $1) AS second_id`;

interface PageRow {
  items: Record<string, unknown>[] | null;
  members: Record<string, unknown>[] | null;
  second_id: string | null;
}

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

function toItemRow(x: Record<string, unknown>) {
  return {
    id: x['id'] as string,
    position: x['position'] as number,
    kind: x['kind'] as AgendaItemDto['kind'],
    requestId: (x['request_id'] as string | null) ?? null,
    reference: (x['reference'] as string | null) ?? null,
    requestKind: (x['request_kind'] as AgendaItemDto['requestKind']) ?? null,
    associationName: (x['association_name'] as string | null) ?? null,
    urgent: (x['urgent'] as boolean | null) ?? false,
    completedAt: iso(x['completed_at']),
    title: x['title'] as string,
    presenter: (x['presenter'] as string | null) ?? null,
    documents: x['documents'] as AgendaItemDto['documents'],
    removedAt: date(x['removed_at']),
    removedReason: (x['removed_reason'] as string | null) ?? null,
  };
}

function toMemberRow(x: Record<string, unknown>) {
  return {
    memberId: x['member_id'] as string,
    convened: x['convened'] as boolean,
    excludedFromPsp: x['excluded_from_psp'] as boolean,
    answer: (x['answer'] as SittingMemberEntity['answer']) ?? null,
    mandateHolderId: (x['mandate_holder_id'] as string | null) ?? null,
    confirmedPresence: (x['confirmed_presence'] as SittingMemberEntity['confirmedPresence']) ?? null,
    substituteId: (x['substitute_id'] as string | null) ?? null,
    lastActivityAt: date(x['last_activity_at']),
    convocationMessageId: (x['convocation_message_id'] as string | null) ?? null,
    votingRight: x['voting_right'] === true,
    seat: (x['seat'] as ConvenedMemberDto['seat'] | null) ?? 'TITULAIRE',
    name: (x['name'] as string | null) ?? '',
    quality: (x['quality'] as string | null) ?? '',
    categoryLabel: (x['category_label'] as string | null) ?? '',
    mandateHolderName: (x['mandate_holder_name'] as string | null) ?? null,
    substituteName: (x['substitute_name'] as string | null) ?? null,
    substituteQuality: (x['substitute_quality'] as string | null) ?? null,
    substituteCivility: (x['substitute_civility'] as ConvenedMemberDto['substituteCivility']) ?? null,
    convocationStatus: (x['convocation_status'] as ConvenedMemberDto['convocationStatus']) ?? null,
    convocationError: (x['convocation_error'] as string | null) ?? null,
  };
}
