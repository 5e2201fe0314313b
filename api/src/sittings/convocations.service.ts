import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import {
  SITTING_KIND_LABELS,
  SITTING_MODE_LABELS,
  SendConvocationDto,
  SittingDto,
  checkConvocationDelay,
  formatDateTimeFr,
  hasEmailAddress,
  parisDate,
} from '@cdlp/shared';
import {
  AgendaPdfItem,
  convocationMail,
  convocationReminderMail,
  renderAgendaPdf,
  renderIcs,
  sittingCancelledMail,
} from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { conflict, fieldError, notFound } from '../core/http/errors';
import { OutboxMessageEntity } from '../core/outbox/outbox-message.entity';
import { OutboxService } from '../core/outbox/outbox.service';
import { ParametersService } from '../core/parameters/parameters.service';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { AssociationEntity } from '../registry/association.entity';
import { DepartementEntity } from '../registry/departement.entity';
import { MemberEntity, MemberWithEmail, withEmail } from '../registry/member.entity';
import { isActive } from '../registry/registry.mapper';
import { AgendaItemEntity } from './agenda-item.entity';
import { SittingEvents } from './sitting-events';
import { seatRowOf } from './sitting-seat';
import { SittingMemberEntity } from './sitting-member.entity';
import { SittingViewService, memberName } from './sitting-view.service';
import { SittingEntity } from './sitting.entity';
import { SittingsService } from './sittings.service';
import { TenantDb } from '../core/database/tenant-db';

/** The commission's full name in the documents it sends. */
export function commissionTitle(departement: DepartementEntity): string {
  return `Commission départementale de lutte contre la prostitution, le proxénétisme et la traite des êtres humains aux fins d'exploitation sexuelle — ${departement.name} (${departement.code})`;
}

/** CONV-1, CONV-2: convocations with the agenda PDF and a calendar invitation, through the outbox. */
@Injectable()
export class ConvocationsService {

  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly params: ParametersService,
    private readonly sittings: SittingsService,
    private readonly view: SittingViewService,
    private readonly events: SittingEvents,
  ) {}

  /**
   * CONV-2: members receive the convocation at least 5 days before the sitting; later
   * only with the urgency flag and a reason, kept for the minutes.
   */
  async convene(user: UserEntity, id: string, dto: SendConvocationDto): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      const reconvocation = sitting.state === 'CONVENED';
      if (!(sitting.state === 'PLANNED' || (reconvocation && sitting.agendaChangedSinceConvocation))) {
        throw conflict(
          reconvocation
            ? "Les membres ont déjà reçu la convocation et rien n'a changé depuis. Pour renvoyer un message à un membre, utilisez « Renvoyer »."
            : "Seule une séance programmée peut être convoquée.",
        );
      }
      const items = await this.sittings.liveItems(m, sitting.id);
      if (items.length === 0) throw conflict("L'ordre du jour est vide : ajoutez au moins un point avant de convoquer.");
      const now = this.clock.now();
      const minDays = await this.params.get('convocation.min_days', parisDate(now), m);
      const reference = sitting.mode === 'WRITTEN' && sitting.opensAt ? sitting.opensAt : sitting.startsAt;
      if (reference.getTime() <= now.getTime()) throw conflict('La séance a déjà commencé : elle ne peut plus être convoquée.');
      const delay = checkConvocationDelay(now, reference, minDays);
      if (!delay.onTime && !dto.urgent) throw fieldError('urgent', delay.message);
      sitting.urgent = !delay.onTime && dto.urgent;
      sitting.urgencyReason = sitting.urgent ? (dto.urgencyReason ?? '').trim() : null;
      await this.sittings.syncMembers(m, sitting);
      const { sent, letters } = await this.sendToAll(m, sitting, items, reconvocation);
      Object.assign(sitting, {
        state: 'CONVENED',
        convokedAt: now,
        agendaLocked: true,
        agendaChangedSinceConvocation: false,
        updatedAt: now,
      });
      await m.save(sitting);
      await this.audit.record(m, {
        action: reconvocation ? 'sitting.reconvened' : 'sitting.convened',
        entityType: 'sitting',
        entityId: sitting.id,
        details: {
          members: sent,
          daysBefore: delay.days,
          urgent: sitting.urgent,
          urgencyReason: sitting.urgencyReason,
          rule: 'CONV-2',
          // CONV-1: members without an e-mail address are convened by a printed letter.
          ...(letters > 0 ? { letters } : {}),
        },
      });
      await this.events.notify(m, sitting.id);
      return this.view.dto(m, sitting, user);
    });
  }

  /** Re-sends the convocation to one member (a new message, the old one stays in the history). */
  async resend(user: UserEntity, id: string, memberId: string): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      if (!['CONVENED', 'OPEN'].includes(sitting.state)) throw conflict("La séance n'est pas convoquée.");
      const row = await m.getRepository(SittingMemberEntity).findOne({ where: { sittingId: id, memberId } });
      if (!row || !row.convened) throw notFound("Ce membre n'est pas convoqué à cette séance.");
      const items = await this.sittings.liveItems(m, sitting.id);
      const member = await m.getRepository(MemberEntity).findOneOrFail({ where: { id: memberId } });
      if (!withEmail(member)) {
        throw conflict("Ce membre n'a pas d'adresse électronique : téléchargez sa convocation par courrier (CONV-1).");
      }
      const messageId = await this.sendOne(m, sitting, items, member, row.excludedFromPsp, null, false);
      await m.update(SittingMemberEntity, { sittingId: id, memberId }, { convocationMessageId: messageId });
      await this.audit.record(m, { action: 'sitting.convocation_resent', entityType: 'sitting', entityId: id, details: { memberId } });
      await this.events.notify(m, sitting.id);
      return this.view.dto(m, sitting, user);
    });
  }

  /** Two days before the sitting, members who have not answered get a reminder, once. */
  async sendReminders(): Promise<number> {
    const now = this.clock.now();
    const days = await this.params.get('convocation.reminder_days', parisDate(now));
    const due = await this.db
      .getRepository(SittingEntity)
      .createQueryBuilder('s')
      .where(`s.state = 'CONVENED' AND s.reminder_sent_at IS NULL AND s.starts_at > :now AND s.starts_at <= :limit`, {
        now,
        limit: new Date(now.getTime() + days * 86_400_000),
      })
      .getMany();
    let count = 0;
    for (const candidate of due) {
      count += await this.db.transaction(async (m) => {
        const sitting = await this.sittings.find(m, candidate.id, true);
        if (sitting.reminderSentAt) return 0;
        const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id, convened: true, answer: IsNull() } });
        const members = rows.length ? await m.getRepository(MemberEntity).find({ where: { id: In(rows.map((r) => r.memberId)) } }) : [];
        for (const member of members.filter(withEmail)) {
          const id = await this.outbox.enqueue(m, {
            template: 'sitting-reminder',
            recipient: member.email,
            mail: convocationReminderMail({
              recipientName: memberName(member),
              sittingNumber: sitting.number,
              dateLabel: formatDateTimeFr(sitting.startsAt),
              url: this.sittingUrl(sitting.id),
            }),
            related: { type: 'sitting', id: sitting.id },
          });
          await m.update(SittingMemberEntity, { sittingId: sitting.id, memberId: member.id }, { reminderMessageId: id });
        }
        sitting.reminderSentAt = now;
        await m.save(sitting);
        await this.audit.record(m, {
          action: 'sitting.reminders_sent',
          entityType: 'sitting',
          entityId: sitting.id,
          actor: null,
          details: { members: members.length },
        });
        return members.length;
      });
    }
    return count;
  }

  /** Cancellation notice to the convened members (used by SittingsService.cancel). */
  async notifyCancellation(m: EntityManager, sitting: SittingEntity): Promise<void> {
    if (!sitting.convokedAt) return;
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id, convened: true } });
    const members = rows.length ? await m.getRepository(MemberEntity).find({ where: { id: In(rows.map((r) => r.memberId)) } }) : [];
    for (const member of members.filter(withEmail)) {
      await this.outbox.enqueue(m, {
        template: 'sitting-cancelled',
        recipient: member.email,
        mail: sittingCancelledMail({
          recipientName: memberName(member),
          sittingNumber: sitting.number,
          dateLabel: formatDateTimeFr(sitting.startsAt),
          reason: sitting.cancelReason ?? '',
        }),
        attachments: [
          {
            filename: 'seance.ics',
            contentType: 'text/calendar; charset=utf-8',
            method: 'CANCEL',
            content: Buffer.from(this.ics(sitting, member, 'CANCEL')).toString('base64'),
          },
        ],
        related: { type: 'sitting', id: sitting.id },
      });
    }
  }

  /** CONV-1: e-mails through the outbox; members without an address are counted as letters (ConvocationLettersService). */
  private async sendToAll(
    m: EntityManager,
    sitting: SittingEntity,
    items: AgendaItemEntity[],
    reconvocation: boolean,
  ): Promise<{ sent: number; letters: number }> {
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id, convened: true } });
    const members = rows.length ? await m.getRepository(MemberEntity).find({ where: { id: In(rows.map((r) => r.memberId)) } }) : [];
    const byId = new Map(members.map((x) => [x.id, x] as const));
    const date = parisDate(sitting.startsAt);
    const substitutes = await m.getRepository(MemberEntity).find({ where: { seat: 'SUPPLEANT', departementCode: sitting.departementCode } });
    // The agenda PDF is the same for every member who sees the same items: render it once per visibility.
    const pdfs = new Map<boolean, Buffer>();
    let letters = 0;
    for (const row of rows) {
      const member = byId.get(row.memberId);
      if (!member) continue;
      if (!hasEmailAddress(member.email)) letters += 1;
      if (!pdfs.has(row.excludedFromPsp)) pdfs.set(row.excludedFromPsp, await this.agendaPdf(m, sitting, this.visibleItems(items, row.excludedFromPsp)));
      const pdf = pdfs.get(row.excludedFromPsp);
      if (withEmail(member)) {
        const id = await this.sendOne(m, sitting, items, member, row.excludedFromPsp, null, reconvocation, pdf);
        await m.update(SittingMemberEntity, { sittingId: sitting.id, memberId: member.id }, { convocationMessageId: id });
      }
      // MEMB-1: the suppléants receive the titulaire's convocation for information.
      for (const s of substitutes.filter((x) => x.titulaireId === member.id && isActive(x.endedAt, x.termEnd, date))) {
        if (withEmail(s)) await this.sendOne(m, sitting, items, s, row.excludedFromPsp, memberName(member), reconvocation, pdf);
        else letters += 1;
      }
    }
    return { sent: rows.length, letters };
  }

  private async sendOne(
    m: EntityManager,
    sitting: SittingEntity,
    items: AgendaItemEntity[],
    member: MemberWithEmail,
    excluded: boolean,
    forInformationOf: string | null,
    reconvocation: boolean,
    rendered?: Buffer,
  ): Promise<string> {
    const visible = this.visibleItems(items, excluded);
    const pdf = rendered ?? (await this.agendaPdf(m, sitting, visible));
    return this.outbox.enqueue(m, {
      template: forInformationOf ? 'sitting-convocation-copy' : 'sitting-convocation',
      recipient: member.email,
      mail: convocationMail({
        recipientName: memberName(member),
        sittingNumber: sitting.number,
        kindLabel: SITTING_KIND_LABELS[sitting.kind],
        dateLabel: formatDateTimeFr(sitting.startsAt),
        modeLabel: SITTING_MODE_LABELS[sitting.mode],
        place: sitting.place,
        videoLink: sitting.videoLink,
        writtenWindow: this.writtenWindow(sitting),
        itemCount: visible.length,
        secondConvocation: sitting.secondConvocationOf !== null,
        urgencyReason: sitting.urgent ? sitting.urgencyReason : null,
        url: this.sittingUrl(sitting.id),
        forInformationOf,
        reconvocation,
      }),
      attachments: [
        { filename: `ordre-du-jour-seance-${sitting.number}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64') },
        {
          filename: 'seance.ics',
          contentType: 'text/calendar; charset=utf-8',
          method: 'REQUEST',
          content: Buffer.from(this.ics(sitting, member, 'REQUEST')).toString('base64'),
        },
      ],
      related: { type: 'sitting', id: sitting.id },
    });
  }

  /** COMP-3: a member excluded from individual examinations gets no PSP item. */
  visibleItems(items: AgendaItemEntity[], excluded: boolean): AgendaItemEntity[] {
    return excluded ? items.filter((i) => i.kind !== 'PSP_REQUEST') : items;
  }

  /** The agenda PDF (DP-2: pseudonymous references only). */
  async agendaPdf(m: EntityManager, sitting: SittingEntity, items: AgendaItemEntity[]): Promise<Buffer> {
    const departement = await m.getRepository(DepartementEntity).findOneOrFail({ where: { code: sitting.departementCode } });
    return renderAgendaPdf({
      authority: `Préfecture de la ${departement.name}`,
      commission: commissionTitle(departement),
      sittingNumber: sitting.number,
      kindLabel: SITTING_KIND_LABELS[sitting.kind],
      modeLabel: SITTING_MODE_LABELS[sitting.mode],
      dateLabel: formatDateTimeFr(sitting.startsAt),
      place: sitting.place,
      videoLink: sitting.videoLink,
      writtenWindow: this.writtenWindow(sitting),
      secondConvocation: sitting.secondConvocationOf !== null,
      urgencyReason: sitting.urgent ? sitting.urgencyReason : null,
      items: await this.agendaPdfItems(m, items),
      generatedAt: sitting.convokedAt ?? this.clock.now(),
    });
  }

  /** The agenda's lines (DP-2: pseudonymous references only), shared with the printed letters. */
  async agendaPdfItems(m: EntityManager, items: AgendaItemEntity[]): Promise<AgendaPdfItem[]> {
    const requestIds = items.map((i) => i.requestId).filter((x): x is string => !!x);
    const requests = requestIds.length ? await m.getRepository(PspRequestEntity).find({ where: { id: In(requestIds) } }) : [];
    const assos = requests.length
      ? await m.getRepository(AssociationEntity).find({ where: { id: In([...new Set(requests.map((r) => r.associationId))]) } })
      : [];
    return items.map((i, index) => {
      const r = requests.find((x) => x.id === i.requestId);
      const asso = r ? assos.find((a) => a.id === r.associationId) : undefined;
      return {
        position: index + 1,
        title: r ? `Demande ${r.kind === 'RENEWAL' ? 'de renouvellement' : 'initiale'} de parcours de sortie ${r.reference}${r.urgent ? ' (urgente)' : ''}` : i.title,
        detail: r ? `Présentée par ${asso?.name ?? "l'association agréée"}, qui donne son avis et ne prend pas part au vote (COMP-4).` : null,
        presenter: i.presenter,
      };
    });
  }

  async agendaPdfFor(user: UserEntity, id: string): Promise<{ filename: string; content: Buffer }> {
    const sitting = await this.sittings.find(this.db.manager, id);
    await this.sittings.assertCanSee(user, sitting);
    let items = await this.sittings.liveItems(this.db.manager, id);
    if (user.role === 'MEMBER') {
      // MEMB-1: a suppléant who sits gets the titulaire's agenda (assertCanSee checked the window).
      const rows = user.memberId
        ? await this.db.getRepository(SittingMemberEntity).find({ where: [{ sittingId: id, memberId: user.memberId }, { sittingId: id, substituteId: user.memberId }] })
        : [];
      const row = seatRowOf(rows, user.memberId, sitting.state);
      if (!row || row.excludedFromPsp) items = items.filter((i) => i.kind !== 'PSP_REQUEST');
    }
    return { filename: `ordre-du-jour-seance-${sitting.number}.pdf`, content: await this.agendaPdf(this.db.manager, sitting, items) };
  }

  async icsFor(user: UserEntity, id: string): Promise<string> {
    const sitting = await this.sittings.find(this.db.manager, id);
    await this.sittings.assertCanSee(user, sitting);
    return this.ics(sitting, { email: user.email, name: `${user.firstName} ${user.lastName}` }, 'REQUEST');
  }

  /** Fetches the outbox messages of a sitting (delivery status for the secretariat). */
  async messages(id: string): Promise<OutboxMessageEntity[]> {
    return this.db.getRepository(OutboxMessageEntity).find({ where: { relatedType: 'sitting', relatedId: id }, order: { createdAt: 'DESC' } });
  }

  private ics(sitting: SittingEntity, attendee: { email: string; firstName?: string; lastName?: string; name?: string; civility?: string }, method: 'REQUEST' | 'CANCEL'): string {
    const start = sitting.mode === 'WRITTEN' && sitting.opensAt ? sitting.opensAt : sitting.startsAt;
    const end = sitting.mode === 'WRITTEN' && sitting.earliestCloseAt ? sitting.earliestCloseAt : new Date(start.getTime() + 2 * 3_600_000);
    const fromAddress = /<([^>]+)>/.exec(this.config.mailFrom)?.[1] ?? this.config.mailFrom;
    return renderIcs({
      uid: `sitting-${sitting.id}@cdlp`,
      sequence: Math.floor((sitting.updatedAt.getTime() - sitting.createdAt.getTime()) / 1000),
      start,
      durationMinutes: Math.max(30, Math.round((end.getTime() - start.getTime()) / 60_000)),
      summary: `CDLP — séance n° ${sitting.number} (${SITTING_KIND_LABELS[sitting.kind]})`,
      description: `${SITTING_MODE_LABELS[sitting.mode]}. Ordre du jour et réponse sur le portail : ${this.sittingUrl(sitting.id)}`,
      location: sitting.mode === 'VIDEO' ? sitting.videoLink : [sitting.place, sitting.videoLink].filter(Boolean).join(' — ') || null,
      url: this.sittingUrl(sitting.id),
      organizer: { name: 'Secrétariat de la commission', email: fromAddress },
      attendee: { name: attendee.name ?? `${attendee.firstName ?? ''} ${attendee.lastName ?? ''}`.trim(), email: attendee.email },
      stamp: this.clock.now(),
      method,
    });
  }

  writtenWindow(sitting: SittingEntity): string | null {
    if (sitting.mode !== 'WRITTEN' || !sitting.opensAt || !sitting.earliestCloseAt) return null;
    return `ouverture le ${formatDateTimeFr(sitting.opensAt)}, clôture au plus tôt le ${formatDateTimeFr(sitting.earliestCloseAt)}`;
  }

  sittingUrl(id: string): string {
    return `${this.config.publicUrl}/seances/${id}`;
  }
}
