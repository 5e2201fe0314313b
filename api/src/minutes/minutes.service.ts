import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  MinutesDto,
  MinutesItemDto,
  MinutesMemberLine,
  OPINION_LABELS,
  SITTING_KIND_LABELS,
  SITTING_MODE_LABELS,
  SignedDocumentDto,
  UpdateMinutesDto,
  ValidityCheckDto,
  checkConvocationDelay,
  checkMinutesValidity,
  formatDateTimeFr,
  parisDate,
} from '@cdlp/shared';
import { SignatureStamp, renderMail, renderMinutesPdf } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { conflict, fieldError } from '../core/http/errors';
import { OutboxService } from '../core/outbox/outbox.service';
import { ParametersService } from '../core/parameters/parameters.service';
import { BallotEntity, DissentEntity, InterestDeclarationEntity } from '../deliberation/deliberation.entities';
import { DocumentsService, toSignedDocumentDto } from '../documents/documents.service';
import { SignedDocumentEntity } from '../documents/signed-document.entity';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { AssociationEntity } from '../registry/association.entity';
import { DepartementEntity } from '../registry/departement.entity';
import { MemberEntity } from '../registry/member.entity';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { SittingEvents } from '../sittings/sitting-events';
import { SittingMemberEntity } from '../sittings/sitting-member.entity';
import { SittingViewService, memberName } from '../sittings/sitting-view.service';
import { SittingEntity } from '../sittings/sitting.entity';
import { SittingsService } from '../sittings/sittings.service';
import { MinutesEntity } from './minutes.entity';
import { TenantDb } from '../core/database/tenant-db';

/** PV-1, SIG-1: the procès-verbal, drafted from the records, signed by the president, sent to every member. */
@Injectable()
export class MinutesService {
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
    private readonly documents: DocumentsService,
    private readonly requests: PspRequestsService,
  ) {}

  async get(user: UserEntity, sittingId: string): Promise<MinutesDto> {
    const sitting = await this.sittings.find(this.db.manager, sittingId);
    await this.sittings.assertCanSee(user, sitting);
    const minutes = await this.db.getRepository(MinutesEntity).findOne({ where: { sittingId } });
    if (!minutes) throw conflict("Le procès-verbal n'a pas encore été rédigé pour cette séance.");
    return this.build(this.db.manager, sitting, minutes);
  }

  /** Drafts the minutes of a closed sitting (CLOSED → MINUTES_DRAFTED), or refreshes the computed parts. */
  async draft(user: UserEntity, sittingId: string): Promise<MinutesDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      if (!['CLOSED', 'MINUTES_DRAFTED'].includes(sitting.state)) {
        throw conflict('Le procès-verbal se rédige une fois la séance close.');
      }
      let minutes = await m.getRepository(MinutesEntity).findOne({ where: { sittingId } });
      if (!minutes) {
        minutes = m.create(MinutesEntity, {
          sittingId,
          state: 'DRAFT',
          version: 1,
          introduction: null,
          justifications: {},
          signedDocumentId: null,
          createdAt: this.clock.now(),
          updatedAt: this.clock.now(),
        });
        await m.save(minutes);
        await this.audit.record(m, { action: 'minutes.drafted', entityType: 'sitting', entityId: sittingId });
      }
      if (sitting.state === 'CLOSED') {
        sitting.state = 'MINUTES_DRAFTED';
        sitting.updatedAt = this.clock.now();
        await m.save(sitting);
        await this.events.notify(m, sitting.id);
      }
      void user;
      return this.build(m, sitting, minutes);
    });
  }

  /** The secretariat edits the free text: the introduction and the justifications of failed checks. */
  async update(user: UserEntity, sittingId: string, dto: UpdateMinutesDto): Promise<MinutesDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      const minutes = await this.findDraft(m, sittingId);
      if (dto.introduction !== undefined) minutes.introduction = dto.introduction?.trim() || null;
      if (dto.justifications) {
        const clean: Record<string, string> = {};
        for (const [rule, text] of Object.entries(dto.justifications)) {
          if (typeof text !== 'string' || text.length > 2000) throw fieldError(`justifications.${rule}`, 'La justification est invalide (2 000 caractères au plus).');
          if (text.trim()) clean[rule] = text.trim();
        }
        minutes.justifications = clean;
      }
      minutes.updatedAt = this.clock.now();
      await m.save(minutes);
      await this.audit.record(m, { action: 'minutes.updated', entityType: 'sitting', entityId: sittingId, details: { justified: Object.keys(minutes.justifications) } });
      void user;
      return this.build(m, sitting, minutes);
    });
  }

  /** A preview of the draft as a PDF, marked PROJET, unsigned. */
  async draftPdf(user: UserEntity, sittingId: string): Promise<Buffer> {
    const sitting = await this.sittings.find(this.db.manager, sittingId);
    await this.sittings.assertCanSee(user, sitting);
    const minutes = await this.findDraft(this.db.manager, sittingId, false);
    const dto = await this.build(this.db.manager, sitting, minutes);
    return this.render(dto, minutes.id, null, this.clock.now());
  }

  /**
   * SIG-1: the president signs. A failed validity check without a justification blocks
   * signing. The signed file is frozen, the sitting moves to "minutes signed", and the
   * minutes go to every member through the outbox.
   */
  async sign(user: UserEntity, sittingId: string): Promise<MinutesDto> {
    if (user.role !== 'PRESIDENT') {
      throw new ForbiddenException({ statusCode: 403, message: 'Seule la présidence signe le procès-verbal (SIG-1).' });
    }
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      const minutes = await this.findDraft(m, sittingId);
      const dto = await this.build(m, sitting, minutes);
      const blocking = dto.validity.filter((v) => !v.ok && !v.justification);
      if (blocking.length > 0) {
        throw conflict(`Signature impossible : ${blocking.map((b) => b.rule).join(', ')} non respecté(s) sans justification du secrétariat.`);
      }
      const signed = await this.documents.sign(m, {
        kind: 'MINUTES',
        subjectId: sitting.id,
        title: `Procès-verbal de la séance n° ${sitting.number}`,
        signer: user,
        render: ({ documentId, version, stamp }) => this.render({ ...dto, version }, documentId, stamp, this.clock.now()),
      });
      minutes.state = 'SIGNED';
      minutes.signedDocumentId = signed.id;
      minutes.version = signed.version;
      minutes.updatedAt = this.clock.now();
      await m.save(minutes);
      sitting.state = 'MINUTES_SIGNED';
      sitting.updatedAt = this.clock.now();
      await m.save(sitting);
      const { content } = await this.documents.content(m, signed.id);
      await this.sendToMembers(m, sitting, signed, content);
      await this.audit.record(m, { action: 'minutes.signed', entityType: 'sitting', entityId: sittingId, details: { documentId: signed.id, version: signed.version, rule: 'SIG-1' } });
      await this.events.notify(m, sitting.id);
      return this.build(m, sitting, minutes);
    });
  }

  /** Any change after signing needs a new version, signed again; the signed file never changes. */
  async newVersion(user: UserEntity, sittingId: string): Promise<MinutesDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      const minutes = await m.getRepository(MinutesEntity).findOne({ where: { sittingId } });
      if (!minutes || minutes.state !== 'SIGNED') throw conflict("Seul un procès-verbal signé peut faire l'objet d'une nouvelle version.");
      minutes.state = 'DRAFT';
      minutes.signedDocumentId = null;
      minutes.version += 1;
      minutes.updatedAt = this.clock.now();
      await m.save(minutes);
      sitting.state = 'MINUTES_DRAFTED';
      await m.save(sitting);
      await this.audit.record(m, { action: 'minutes.new_version', entityType: 'sitting', entityId: sittingId, details: { version: minutes.version } });
      void user;
      return this.build(m, sitting, minutes);
    });
  }

  async signedDocuments(user: UserEntity, sittingId: string): Promise<SignedDocumentDto[]> {
    const sitting = await this.sittings.find(this.db.manager, sittingId);
    await this.sittings.assertCanSee(user, sitting);
    return this.documents.list('MINUTES', sittingId);
  }

  // ------------------------------------------------------------------ building

  private async findDraft(m: EntityManager, sittingId: string, lock = true): Promise<MinutesEntity> {
    const minutes = await m.getRepository(MinutesEntity).findOne({ where: { sittingId }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
    if (!minutes) throw conflict("Le procès-verbal n'a pas encore été rédigé pour cette séance.");
    if (minutes.state === 'SIGNED') throw conflict('Le procès-verbal est signé : créez une nouvelle version pour le modifier.');
    return minutes;
  }

  /** Everything computed from the records (PV-1): nothing is retyped. */
  async build(m: EntityManager, sitting: SittingEntity, minutes: MinutesEntity): Promise<MinutesDto> {
    const departement = await m.getRepository(DepartementEntity).findOneOrFail({ where: { code: sitting.departementCode } });
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id } });
    const ids = new Set<string>();
    for (const r of rows) {
      ids.add(r.memberId);
      if (r.substituteId) ids.add(r.substituteId);
      if (r.mandateHolderId) ids.add(r.mandateHolderId);
    }
    if (sitting.chairMemberId) ids.add(sitting.chairMemberId);
    const members = ids.size ? await m.getRepository(MemberEntity).find({ where: { id: In([...ids]) } }) : [];
    const byId = new Map(members.map((x) => [x.id, x] as const));
    const line = (id: string, detail: string | null = null): MinutesMemberLine => {
      const x = byId.get(id);
      return { name: x ? memberName(x) : '', quality: x ? `${x.function}, ${x.organisation}` : '', detail };
    };
    const convened = rows.filter((r) => r.convened);
    const presence = (r: SittingMemberEntity) =>
      sitting.mode === 'WRITTEN' ? (r.lastActivityAt ? 'REMOTE' : 'ABSENT') : (r.confirmedPresence ?? 'ABSENT');
    const sorted = (xs: MinutesMemberLine[]) => xs.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    const present = sorted(convened.filter((r) => presence(r) === 'PRESENT').map((r) => line(r.memberId)));
    const remote = sorted(convened.filter((r) => presence(r) === 'REMOTE').map((r) => line(r.memberId)));
    const substitutes = sorted(
      convened.filter((r) => presence(r) === 'ABSENT' && r.substituteId).map((r) => line(r.substituteId as string, `pour ${line(r.memberId).name}`)),
    );
    const represented = sorted(
      convened
        .filter((r) => presence(r) === 'ABSENT' && !r.substituteId && r.answer === 'MANDATE' && r.mandateHolderId)
        .map((r) => line(r.memberId, `représenté(e) par ${line(r.mandateHolderId as string).name} (mandat)`)),
    );
    const excused = sorted(
      convened
        .filter((r) => presence(r) === 'ABSENT' && !r.substituteId && !(r.answer === 'MANDATE' && r.mandateHolderId))
        .map((r) => line(r.memberId)),
    );

    const quorum = await this.view.quorum(m, sitting);
    const minDays = await this.params.get('convocation.min_days', parisDate(sitting.startsAt), m);
    const reference = sitting.mode === 'WRITTEN' && sitting.opensAt ? sitting.opensAt : sitting.startsAt;
    const delay = sitting.convokedAt ? checkConvocationDelay(sitting.convokedAt, reference, minDays) : null;
    let secondConvocationText: string | null = null;
    if (sitting.secondConvocationOf) {
      const first = await m.getRepository(SittingEntity).findOneOrFail({ where: { id: sitting.secondConvocationOf } });
      secondConvocationText = `Seconde convocation : le quorum n'ayant pas été atteint lors de la séance n° ${first.number} du ${formatDateTimeFr(first.startsAt)}, la commission a délibéré valablement sans condition de quorum, sur le même ordre du jour (QUOR-2).`;
    }

    // PV-1: every deliberation is reported with its counts, including a vote that adopted no
    // opinion: closing the sitting takes such a request off the agenda (to be scheduled again),
    // but its deliberation took place. Items removed without a vote were not treated.
    const items = (await m.getRepository(AgendaItemEntity).find({ where: { sittingId: sitting.id }, order: { position: 'ASC', createdAt: 'ASC' } })).filter(
      (i) => i.removedAt === null || i.voteState === 'CLOSED',
    );
    const requestIds = items.map((i) => i.requestId).filter((x): x is string => !!x);
    const requests = requestIds.length ? await m.getRepository(PspRequestEntity).find({ where: { id: In(requestIds) } }) : [];
    const assos = requests.length ? await m.getRepository(AssociationEntity).find({ where: { id: In(requests.map((r) => r.associationId)) } }) : [];
    const itemIds = items.map((i) => i.id);
    const recusals = itemIds.length ? await m.getRepository(InterestDeclarationEntity).find({ where: { agendaItemId: In(itemIds) } }) : [];
    const dissents = itemIds.length ? await m.getRepository(DissentEntity).find({ where: { agendaItemId: In(itemIds) } }) : [];
    const ballots = itemIds.length ? await m.getRepository(BallotEntity).find({ where: { agendaItemId: In(itemIds) } }) : [];
    const extra = [...new Set([...recusals.map((r) => r.memberId), ...dissents.map((d) => d.memberId), ...ballots.map((b) => b.voterMemberId)])].filter((x) => !byId.has(x));
    if (extra.length) for (const x of await m.getRepository(MemberEntity).find({ where: { id: In(extra) } })) byId.set(x.id, x);
    const name = (id: string) => line(id).name;

    const itemDtos: MinutesItemDto[] = items.map((i) => {
      const r = requests.find((x) => x.id === i.requestId);
      const asso = r ? assos.find((a) => a.id === r.associationId) : undefined;
      const dossier = r ? this.requests.dossier(r) : null;
      return {
        itemId: i.id,
        position: i.position,
        kind: i.kind,
        title: r ? `Demande ${r.kind === 'RENEWAL' ? 'de renouvellement' : 'initiale'} de parcours de sortie ${r.reference}` : i.title,
        reference: r?.reference ?? null,
        associationName: asso?.name ?? null,
        associationOpinion: dossier?.associationOpinion ? OPINION_LABELS[dossier.associationOpinion].replace('Avis ', '') : null,
        recusals: recusals.filter((x) => x.agendaItemId === i.id).map((x) => `${name(x.memberId)} (${x.reason})`),
        resultText: i.result?.text ?? null,
        opinion: i.opinion,
        dissents: dissents.filter((d) => d.agendaItemId === i.id).map((d) => `${name(d.memberId)} : ${d.text}`),
        summary: i.summary,
        discussionNotes: i.discussionNotes,
      };
    });

    // The validity section (PV-1), rule by rule.
    const recusedVoted: { item: string; name: string }[] = [];
    const excludedVoted: { item: string; name: string }[] = [];
    for (const b of ballots) {
      const item = items.find((i) => i.id === b.agendaItemId) as AgendaItemEntity;
      if (recusals.some((r) => r.agendaItemId === b.agendaItemId && (r.memberId === b.voterMemberId || r.memberId === b.representedMemberId))) {
        recusedVoted.push({ item: item.title, name: name(b.voterMemberId) });
      }
      const row = rows.find((x) => x.memberId === b.representedMemberId);
      if (item.kind === 'PSP_REQUEST' && row?.excludedFromPsp) excludedVoted.push({ item: item.title, name: name(b.voterMemberId) });
    }
    const holders = new Map<string, number>();
    for (const r of convened.filter((x) => x.answer === 'MANDATE' && x.mandateHolderId)) holders.set(r.mandateHolderId as string, (holders.get(r.mandateHolderId as string) ?? 0) + 1);
    const checks = checkMinutesValidity({
      convocationDays: delay?.days ?? null,
      convocationDate: sitting.convokedAt ? formatDateTimeFr(sitting.convokedAt) : null,
      minimumDays: minDays,
      urgencyReason: sitting.urgent ? sitting.urgencyReason : null,
      quorumRule: quorum.rule,
      quorumReached: quorum.reached,
      quorumText: quorum.text,
      holdersWithSeveralMandates: [...holders.entries()].filter(([, n]) => n > 1).map(([id]) => name(id)),
      recusedWhoVoted: recusedVoted,
      excludedWhoVoted: excludedVoted,
      itemsWithoutResult: items.filter((i) => i.voteState !== 'CLOSED' && (i.kind === 'PSP_REQUEST' || i.voteState === 'OPEN')).map((i) => i.title),
      incompleteRequests: [],
    });
    const validity: ValidityCheckDto[] = checks.map((c) => ({ ...c, justification: minutes.justifications[c.rule] ?? null }));
    const chair = sitting.chairMemberId ? byId.get(sitting.chairMemberId) : undefined;
    return {
      sittingId: sitting.id,
      sittingNumber: sitting.number,
      state: minutes.state,
      version: minutes.version,
      heading: {
        authority: `Préfecture de la ${departement.name}`,
        commission: `Commission départementale de lutte contre la prostitution, le proxénétisme et la traite des êtres humains aux fins d'exploitation sexuelle — ${departement.name} (${departement.code})`,
        dateLabel: formatDateTimeFr(sitting.startsAt),
        place: sitting.place,
        modeLabel: SITTING_MODE_LABELS[sitting.mode],
        kindLabel: SITTING_KIND_LABELS[sitting.kind],
      },
      chair: chair ? `${memberName(chair)}${sitting.chairDelegation ? `, ${sitting.chairDelegation}` : ''}` : null,
      present,
      remote,
      represented,
      excused,
      substitutes,
      quorumText: `${quorum.text} (${quorum.rule}).`,
      secondConvocationText,
      convocationText: sitting.convokedAt
        ? `Convocation adressée le ${formatDateTimeFr(sitting.convokedAt)}, ${delay?.days ?? 0} jour(s) avant la séance (CONV-2).`
        : "Aucune convocation n'a été adressée par le portail.",
      urgencyReason: sitting.urgent ? sitting.urgencyReason : null,
      introduction: minutes.introduction,
      items: itemDtos,
      validity,
      canSign: minutes.state === 'DRAFT' && validity.every((v) => v.ok || v.justification),
      signedDocumentId: minutes.signedDocumentId,
      updatedAt: minutes.updatedAt.toISOString(),
    };
  }

  render(dto: MinutesDto, documentId: string, stamp: SignatureStamp | null, at: Date): Promise<Buffer> {
    return renderMinutesPdf({
      documentId,
      version: dto.version,
      authority: dto.heading.authority,
      commission: dto.heading.commission,
      sittingNumber: dto.sittingNumber,
      kindLabel: dto.heading.kindLabel,
      modeLabel: dto.heading.modeLabel,
      dateLabel: dto.heading.dateLabel,
      place: dto.heading.place,
      chair: dto.chair,
      present: dto.present,
      remote: dto.remote,
      represented: dto.represented,
      substitutes: dto.substitutes,
      excused: dto.excused,
      quorumText: dto.quorumText,
      secondConvocationText: dto.secondConvocationText,
      convocationText: dto.convocationText,
      urgencyReason: dto.urgencyReason,
      introduction: dto.introduction,
      items: dto.items,
      validity: dto.validity,
      stamp,
      generatedAt: at,
    });
  }

  /** PV-1: the signed minutes go to every member of the commission. */
  private async sendToMembers(m: EntityManager, sitting: SittingEntity, signed: SignedDocumentEntity, content: Buffer): Promise<void> {
    const today = parisDate(this.clock.now());
    const members = await m.getRepository(MemberEntity).find({ where: { departementCode: sitting.departementCode } });
    const dto = toSignedDocumentDto(signed);
    for (const member of members.filter((x) => (x.endedAt === null || x.endedAt > today) && (x.termEnd === null || x.termEnd >= today))) {
      await this.outbox.enqueue(m, {
        template: 'minutes-signed',
        recipient: member.email,
        mail: renderMail(`Procès-verbal signé : séance n° ${sitting.number}`, {
          paragraphs: [
            `Bonjour ${memberName(member)},`,
            `Le procès-verbal de la séance n° ${sitting.number} du ${formatDateTimeFr(sitting.startsAt)} a été signé électroniquement par ${dto.signerName} le ${formatDateTimeFr(signed.signedAt)}. Il est joint à ce message.`,
            `Empreinte SHA-256 : ${dto.sha256}. Vous pouvez vérifier son authenticité sur le portail.`,
          ],
          action: { label: 'Vérifier un document', url: `${this.config.publicUrl}/verification` },
        }),
        attachments: [{ filename: `proces-verbal-seance-${sitting.number}-v${signed.version}.pdf`, contentType: 'application/pdf', content: content.toString('base64') }],
        related: { type: 'sitting', id: sitting.id },
      });
    }
  }
}
