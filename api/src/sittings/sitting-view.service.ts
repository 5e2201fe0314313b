import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
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
import { OutboxMessageEntity } from '../core/outbox/outbox-message.entity';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { AssociationEntity } from '../registry/association.entity';
import { MemberCategoryEntity } from '../registry/member-category.entity';
import { MemberEntity } from '../registry/member.entity';
import { AgendaDocumentEntity } from './agenda-document.entity';
import { AgendaItemEntity } from './agenda-item.entity';
import { SittingMemberEntity } from './sitting-member.entity';
import { SittingEntity } from './sitting.entity';
import { TenantDb } from '../core/database/tenant-db';

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

  async listItems(m: EntityManager, rows: SittingEntity[]): Promise<SittingListItemDto[]> {
    if (rows.length === 0) return [];
    const counts: { sitting_id: string; n: string }[] = await m.query(
      `SELECT sitting_id, count(*)::text AS n FROM agenda_item WHERE removed_at IS NULL AND sitting_id = ANY($1) GROUP BY sitting_id`,
      [rows.map((r) => r.id)],
    );
    const byId = new Map(counts.map((c) => [c.sitting_id, Number(c.n)] as const));
    return rows.map((s) => ({
      id: s.id,
      number: s.number,
      kind: s.kind,
      mode: s.mode,
      state: s.state,
      startsAt: s.startsAt.toISOString(),
      place: s.place,
      title: s.title,
      itemCount: byId.get(s.id) ?? 0,
      secondConvocationOfId: s.secondConvocationOf,
    }));
  }

  /**
   * QUOR-1 / QUOR-2 / QUOR-3 / REM-2 / MAND-1 / MEMB-1: the presence of each member of
   * the composition, from the confirmed register once the sitting is open, else from answers.
   */
  async quorum(m: EntityManager, sitting: SittingEntity): Promise<QuorumDto> {
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id } });
    const members = rows.length ? await m.getRepository(MemberEntity).find({ where: { id: In(rows.map((r) => r.memberId)) } }) : [];
    const voting = new Map(members.filter((x) => x.votingRight).map((x) => [x.id, x] as const));
    const confirmed = ['OPEN', 'CLOSED', 'MINUTES_DRAFTED', 'MINUTES_SIGNED'].includes(sitting.state);
    const written = sitting.mode === 'WRITTEN';
    const composition: QuorumMember[] = rows
      .filter((r) => voting.has(r.memberId))
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
    const onlyPsp = await this.onlyPspItems(m, sitting);
    return computeQuorum(composition, {
      secondConvocation: sitting.secondConvocationOf !== null,
      excludeExcludedFromBase: excludeExcluded && onlyPsp,
      remoteDeliberation: sitting.mode === 'WRITTEN' || sitting.mode === 'VIDEO',
    });
  }

  private async onlyPspItems(m: EntityManager, sitting: SittingEntity): Promise<boolean> {
    const kinds: { kind: string }[] = await m.query(
      `SELECT DISTINCT kind FROM agenda_item WHERE sitting_id = $1 AND removed_at IS NULL`,
      [sitting.id],
    );
    return kinds.length > 0 ? kinds.every((k) => k.kind === 'PSP_REQUEST') : sitting.kind === 'EXAMINATION';
  }

  async dto(m: EntityManager, sitting: SittingEntity, user: UserEntity | null): Promise<SittingDto> {
    const [base] = await this.listItems(m, [sitting]);
    const items = await m.getRepository(AgendaItemEntity).find({ where: { sittingId: sitting.id }, order: { position: 'ASC', createdAt: 'ASC' } });
    const requestIds = items.map((i) => i.requestId).filter((x): x is string => !!x);
    const requests = requestIds.length ? await m.getRepository(PspRequestEntity).find({ where: { id: In(requestIds) } }) : [];
    const reqById = new Map(requests.map((r) => [r.id, r] as const));
    const assos = requests.length
      ? await m.getRepository(AssociationEntity).find({ where: { id: In([...new Set(requests.map((r) => r.associationId))]) } })
      : [];
    const assoName = new Map(assos.map((a) => [a.id, a.name] as const));
    const docs = items.length
      ? await m.getRepository(AgendaDocumentEntity).find({ where: { agendaItemId: In(items.map((i) => i.id)) }, order: { uploadedAt: 'ASC' } })
      : [];
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id } });
    const memberIds = new Set<string>();
    for (const r of rows) {
      memberIds.add(r.memberId);
      if (r.mandateHolderId) memberIds.add(r.mandateHolderId);
      if (r.substituteId) memberIds.add(r.substituteId);
    }
    const members = memberIds.size ? await m.getRepository(MemberEntity).find({ where: { id: In([...memberIds]) } }) : [];
    const byId = new Map(members.map((x) => [x.id, x] as const));
    const categories = new Map((await m.getRepository(MemberCategoryEntity).find()).map((c) => [c.code, c.label] as const));
    const messageIds = rows.map((r) => r.convocationMessageId).filter((x): x is string => !!x);
    const messages = messageIds.length ? await m.getRepository(OutboxMessageEntity).find({ where: { id: In(messageIds) } }) : [];
    const msgById = new Map(messages.map((x) => [x.id, x] as const));

    // COMP-3: a member excluded from PSP examinations never sees PSP items.
    const viewerRow = user?.role === 'MEMBER' ? rows.find((r) => r.memberId === user.memberId) : undefined;
    const hidePsp = user?.role === 'MEMBER' && (!viewerRow || viewerRow.excludedFromPsp);
    const agenda: AgendaItemDto[] = items
      .filter((i) => !(hidePsp && i.kind === 'PSP_REQUEST'))
      .filter((i) => user?.role !== 'MEMBER' || i.removedAt === null)
      .map((i) => {
        const r = i.requestId ? reqById.get(i.requestId) : undefined;
        return {
          id: i.id,
          position: i.position,
          kind: i.kind,
          requestId: i.requestId,
          reference: r?.reference ?? null,
          requestKind: r?.kind ?? null,
          associationName: r ? (assoName.get(r.associationId) ?? null) : null,
          urgent: r?.urgent ?? false,
          completedAt: r?.completedAt?.toISOString() ?? null,
          title: i.title,
          presenter: i.presenter,
          documents: docs.filter((d) => d.agendaItemId === i.id).map((d) => ({ id: d.id, filename: d.filename, size: d.size })),
          removed: i.removedAt !== null,
          removedReason: i.removedReason,
        };
      });

    const memberDtos: ConvenedMemberDto[] = rows
      .filter((r) => r.convened || r.answer !== null)
      .map((r) => {
        const mem = byId.get(r.memberId);
        const holder = r.mandateHolderId ? byId.get(r.mandateHolderId) : undefined;
        const sub = r.substituteId ? byId.get(r.substituteId) : undefined;
        const msg = r.convocationMessageId ? msgById.get(r.convocationMessageId) : undefined;
        return {
          memberId: r.memberId,
          name: mem ? memberName(mem) : '',
          quality: mem ? `${mem.function}, ${mem.organisation}` : '',
          categoryLabel: mem ? (categories.get(mem.categoryCode) ?? mem.categoryCode) : '',
          seat: mem?.seat ?? 'TITULAIRE',
          excludedFromPsp: r.excludedFromPsp,
          answer: r.answer,
          mandateHolderId: r.mandateHolderId,
          mandateHolderName: holder ? memberName(holder) : null,
          confirmedPresence: r.confirmedPresence,
          substituteId: r.substituteId,
          substituteName: sub ? memberName(sub) : null,
          convocationStatus: msg?.status ?? null,
          convocationError: msg?.lastError ?? null,
          convocationMessageId: r.convocationMessageId,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    const minDays = await this.params.get('convocation.min_days', parisDate(this.clock.now()), m);
    const second = await m.getRepository(SittingEntity).findOne({ where: { secondConvocationOf: sitting.id } });
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
      members: user?.role === 'MEMBER' ? memberDtos.map((x) => ({ ...x, convocationError: null, convocationMessageId: null })) : memberDtos,
      quorum: await this.quorum(m, sitting),
      secondConvocationId: second?.id ?? null,
      convocationOnTime: checkConvocationDelay(this.clock.now(), reference, minDays).onTime,
      myMemberId: user?.memberId ?? null,
      agendaChangedSinceConvocation: sitting.agendaChangedSinceConvocation,
    };
  }

  /** For the SSE stream: the sitting as the given user sees it. */
  async snapshot(sittingId: string, user: UserEntity): Promise<SittingDto | null> {
    const s = await this.db.getRepository(SittingEntity).findOne({ where: { id: sittingId, departementCode: this.db.departement } });
    return s ? this.dto(this.db.manager, s, user) : null;
  }

}
