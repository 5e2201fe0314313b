import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  compareFr,
  ConvocationLetterDto,
  ConvocationProgressDto,
  SITTING_KIND_LABELS,
  SITTING_MODE_LABELS,
  formatDateFr,
  formatDateTimeFr,
  hasEmailAddress,
  parisDate,
} from '@cdlp/shared';
import { AgendaPdfItem, ConvocationLetter, renderConvocationLettersPdf } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { TenantDb } from '../core/database/tenant-db';
import { conflict, notFound } from '../core/http/errors';
import { DepartementEntity } from '../registry/departement.entity';
import { MemberEntity } from '../registry/member.entity';
import { isActive } from '../registry/registry.mapper';
import { ConvocationsService, commissionTitle } from '../sittings/convocations.service';
import { SittingMemberEntity } from '../sittings/sitting-member.entity';
import { memberName } from '../sittings/sitting-view.service';
import { SittingEntity } from '../sittings/sitting.entity';
import { SittingsService } from '../sittings/sittings.service';

export const LETTERS_PRODUCED = 'sitting.convocation_letters_produced';
const CONVOCATION_TEMPLATES = ['sitting-convocation', 'sitting-convocation-copy'];

/** A member to convene by letter, with the agenda visibility of the seat (COMP-3). */
interface LetterRecipient {
  member: MemberEntity;
  excludedFromPsp: boolean;
  forInformationOf: string | null;
}

/**
 * CONV-1: members without an e-mail address are convened by a printed letter. The
 * secretariat lists them after sending, downloads one letter or all of them in one PDF,
 * and each production is recorded in the sitting's audit trail.
 */
@Injectable()
export class ConvocationLettersService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly sittings: SittingsService,
    private readonly convocations: ConvocationsService,
  ) {}

  async list(id: string): Promise<ConvocationLetterDto[]> {
    const m = this.db.manager;
    const sitting = await this.sittings.find(m, id);
    if (!sitting.convokedAt) return [];
    const recipients = await this.recipients(m, sitting);
    const produced = await this.producedAt(m, sitting);
    return recipients.map((r) => ({
      memberId: r.member.id,
      name: memberName(r.member),
      forInformationOf: r.forInformationOf,
      producedAt: produced.get(r.member.id)?.toISOString() ?? null,
    }));
  }

  /** Sending progress of the last convocation, from the outbox (queued, sent, failed). */
  async progress(id: string): Promise<ConvocationProgressDto> {
    const m = this.db.manager;
    const sitting = await this.sittings.find(m, id);
    if (!sitting.convokedAt) return { queued: 0, sent: 0, failed: 0, total: 0, letters: 0, done: false };
    const rows: { status: string; n: number }[] = await m.query(
      `SELECT status, count(*)::int AS n FROM outbox_message
        WHERE related_type = 'sitting' AND related_id = $1 AND template = ANY($2) AND created_at >= $3
        GROUP BY status`,
      [sitting.id, CONVOCATION_TEMPLATES, sitting.convokedAt],
    );
    const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
    const [queued, sent, failed] = [count('QUEUED'), count('SENT'), count('FAILED')];
    const letters = (await this.recipients(m, sitting)).length;
    return { queued, sent, failed, total: queued + sent + failed, letters, done: queued === 0 };
  }

  /** One member's letter, or every letter in one PDF; recorded in the audit trail of the sitting. */
  async produce(id: string, memberId?: string): Promise<{ filename: string; content: Buffer }> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      if (!sitting.convokedAt || !['CONVENED', 'OPEN'].includes(sitting.state))
        throw conflict("La séance n'est pas convoquée.");
      let recipients = await this.recipients(m, sitting);
      if (memberId) {
        recipients = recipients.filter((r) => r.member.id === memberId);
        if (recipients.length === 0)
          throw notFound("Ce membre n'est pas convoqué par courrier à cette séance.");
      }
      if (recipients.length === 0)
        throw conflict("Aucun membre n'est à convoquer par courrier : tous ont une adresse électronique.");
      const content = await this.render(m, sitting, recipients);
      await this.audit.record(m, {
        action: LETTERS_PRODUCED,
        entityType: 'sitting',
        entityId: sitting.id,
        details: {
          memberIds: recipients.map((r) => r.member.id),
          letters: recipients.length,
          rule: 'CONV-1',
        },
      });
      const suffix =
        recipients.length === 1
          ? `-${recipients[0].member.lastName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
          : '';
      return { filename: `convocation-courrier-seance-${sitting.number}${suffix}.pdf`, content };
    });
  }

  /** MEMB-1: convened members without an address, then suppléants of convened titulaires without one. */
  private async recipients(m: EntityManager, sitting: SittingEntity): Promise<LetterRecipient[]> {
    const rows = await m
      .getRepository(SittingMemberEntity)
      .find({ where: { sittingId: sitting.id, convened: true } });
    if (rows.length === 0) return [];
    const members = await m
      .getRepository(MemberEntity)
      .find({ where: { id: In(rows.map((r) => r.memberId)) } });
    const byId = new Map(members.map((x) => [x.id, x] as const));
    const date = parisDate(sitting.startsAt);
    const substitutes = await m
      .getRepository(MemberEntity)
      .find({ where: { seat: 'SUPPLEANT', departementCode: sitting.departementCode } });
    const out: LetterRecipient[] = [];
    for (const row of rows) {
      const member = byId.get(row.memberId);
      if (!member) continue;
      if (!hasEmailAddress(member.email))
        out.push({ member, excludedFromPsp: row.excludedFromPsp, forInformationOf: null });
      for (const s of substitutes.filter(
        (x) => x.titulaireId === member.id && isActive(x.endedAt, x.termEnd, date),
      )) {
        if (!hasEmailAddress(s.email))
          out.push({ member: s, excludedFromPsp: row.excludedFromPsp, forInformationOf: memberName(member) });
      }
    }
    return out.sort(
      (a, b) =>
        compareFr(a.member.lastName, b.member.lastName) || compareFr(a.member.firstName, b.member.firstName),
    );
  }

  /** The last production of each member's letter since the (re)convocation. */
  private async producedAt(m: EntityManager, sitting: SittingEntity): Promise<Map<string, Date>> {
    const rows: { member_id: string; at: Date }[] = await m.query(
      `SELECT ids.member_id, max(a.occurred_at) AS at
         FROM audit_event a, jsonb_array_elements_text(a.details->'memberIds') AS ids(member_id)
        WHERE a.action = $1 AND a.entity_type = 'sitting' AND a.entity_id = $2 AND a.occurred_at >= $3
        GROUP BY ids.member_id`,
      [LETTERS_PRODUCED, sitting.id, sitting.convokedAt],
    );
    return new Map(rows.map((r) => [r.member_id, new Date(r.at)] as const));
  }

  private async render(
    m: EntityManager,
    sitting: SittingEntity,
    recipients: LetterRecipient[],
  ): Promise<Buffer> {
    const departement = await m
      .getRepository(DepartementEntity)
      .findOneOrFail({ where: { code: sitting.departementCode } });
    const items = await this.sittings.liveItems(m, sitting.id);
    const agendas = new Map<boolean, AgendaPdfItem[]>();
    const letters: ConvocationLetter[] = [];
    for (const r of recipients) {
      if (!agendas.has(r.excludedFromPsp)) {
        agendas.set(
          r.excludedFromPsp,
          await this.convocations.agendaPdfItems(m, this.convocations.visibleItems(items, r.excludedFromPsp)),
        );
      }
      letters.push({
        addressee: {
          name: memberName(r.member),
          quality: [r.member.function, r.member.organisation].filter((x) => x.trim()).join(', '),
          // One line of the registry's postal address per line of the block (none: the letter is handed over).
          postalAddress: (r.member.postalAddress ?? '')
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line.length > 0),
        },
        items: agendas.get(r.excludedFromPsp) ?? [],
        forInformationOf: r.forInformationOf,
      });
    }
    const now = this.clock.now();
    return renderConvocationLettersPdf({
      authority: `Préfecture de la ${departement.name}`,
      commission: commissionTitle(departement),
      placeDate: `${departement.prefecture}, le ${formatDateFr(parisDate(now))}`,
      sittingNumber: sitting.number,
      kindLabel: SITTING_KIND_LABELS[sitting.kind],
      modeLabel: SITTING_MODE_LABELS[sitting.mode],
      dateLabel: formatDateTimeFr(sitting.startsAt),
      place: sitting.place,
      videoLink: sitting.videoLink,
      writtenWindow: this.convocations.writtenWindow(sitting),
      secondConvocation: sitting.secondConvocationOf !== null,
      urgencyReason: sitting.urgent ? sitting.urgencyReason : null,
      letters,
      generatedAt: now,
    });
  }
}
