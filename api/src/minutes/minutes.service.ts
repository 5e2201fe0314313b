import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MinutesDto, SignedDocumentDto, UpdateMinutesDto, formatDateTimeFr, parisDate } from '@cdlp/shared';
import { renderMail } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { conflict, fieldError } from '../core/http/errors';
import { OutboxService } from '../core/outbox/outbox.service';
import { DocumentsService, toSignedDocumentDto } from '../documents/documents.service';
import { SignedDocumentEntity } from '../documents/signed-document.entity';
import { MemberEntity } from '../registry/member.entity';
import { SittingEvents } from '../sittings/sitting-events';
import { memberName } from '../sittings/sitting-view.service';
import { SittingEntity } from '../sittings/sitting.entity';
import { SittingsService } from '../sittings/sittings.service';
import { MinutesBuilder } from './minutes-builder';
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
    private readonly sittings: SittingsService,
    private readonly events: SittingEvents,
    private readonly documents: DocumentsService,
    private readonly builder: MinutesBuilder,
  ) {}

  async get(user: UserEntity, sittingId: string): Promise<MinutesDto> {
    const sitting = await this.sittings.find(this.db.manager, sittingId);
    await this.sittings.assertCanSee(user, sitting);
    const minutes = await this.db.getRepository(MinutesEntity).findOne({ where: { sittingId } });
    if (!minutes) throw conflict("Le procès-verbal n'a pas encore été rédigé pour cette séance.");
    return this.builder.build(this.db.manager, sitting, minutes);
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
      return this.builder.build(m, sitting, minutes);
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
          if (typeof text !== 'string' || text.length > 2000)
            throw fieldError(
              `justifications.${rule}`,
              'La justification est invalide (2 000 caractères au plus).',
            );
          if (text.trim()) clean[rule] = text.trim();
        }
        minutes.justifications = clean;
      }
      minutes.updatedAt = this.clock.now();
      await m.save(minutes);
      await this.audit.record(m, {
        action: 'minutes.updated',
        entityType: 'sitting',
        entityId: sittingId,
        details: { justified: Object.keys(minutes.justifications) },
      });
      void user;
      return this.builder.build(m, sitting, minutes);
    });
  }

  /** A preview of the draft as a PDF, marked PROJET, unsigned. */
  async draftPdf(user: UserEntity, sittingId: string): Promise<Buffer> {
    const sitting = await this.sittings.find(this.db.manager, sittingId);
    await this.sittings.assertCanSee(user, sitting);
    const minutes = await this.findDraft(this.db.manager, sittingId, false);
    const dto = await this.builder.build(this.db.manager, sitting, minutes);
    return this.builder.render(dto, minutes.id, null, this.clock.now());
  }

  /**
   * SIG-1: the president signs. A failed validity check without a justification blocks
   * signing. The signed file is frozen, the sitting moves to "minutes signed", and the
   * minutes go to every member through the outbox.
   */
  async sign(user: UserEntity, sittingId: string): Promise<MinutesDto> {
    if (user.role !== 'PRESIDENT') {
      throw new ForbiddenException({
        statusCode: 403,
        message: 'Seule la présidence signe le procès-verbal (SIG-1).',
      });
    }
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      const minutes = await this.findDraft(m, sittingId);
      const dto = await this.builder.build(m, sitting, minutes);
      const blocking = dto.validity.filter((v) => !v.ok && !v.justification);
      if (blocking.length > 0) {
        throw conflict(
          `Signature impossible : ${blocking.map((b) => b.rule).join(', ')} non respecté(s) sans justification du secrétariat.`,
        );
      }
      const signed = await this.documents.sign(m, {
        kind: 'MINUTES',
        subjectId: sitting.id,
        title: `Procès-verbal de la séance n° ${sitting.number}`,
        signer: user,
        render: ({ documentId, version, stamp }) =>
          this.builder.render({ ...dto, version }, documentId, stamp, this.clock.now()),
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
      await this.audit.record(m, {
        action: 'minutes.signed',
        entityType: 'sitting',
        entityId: sittingId,
        details: { documentId: signed.id, version: signed.version, rule: 'SIG-1' },
      });
      await this.events.notify(m, sitting.id);
      return this.builder.build(m, sitting, minutes);
    });
  }

  /** Any change after signing needs a new version, signed again; the signed file never changes. */
  async newVersion(user: UserEntity, sittingId: string): Promise<MinutesDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      const minutes = await m.getRepository(MinutesEntity).findOne({ where: { sittingId } });
      if (!minutes || minutes.state !== 'SIGNED')
        throw conflict("Seul un procès-verbal signé peut faire l'objet d'une nouvelle version.");
      minutes.state = 'DRAFT';
      minutes.signedDocumentId = null;
      minutes.version += 1;
      minutes.updatedAt = this.clock.now();
      await m.save(minutes);
      sitting.state = 'MINUTES_DRAFTED';
      await m.save(sitting);
      await this.audit.record(m, {
        action: 'minutes.new_version',
        entityType: 'sitting',
        entityId: sittingId,
        details: { version: minutes.version },
      });
      void user;
      return this.builder.build(m, sitting, minutes);
    });
  }

  async signedDocuments(user: UserEntity, sittingId: string): Promise<SignedDocumentDto[]> {
    const sitting = await this.sittings.find(this.db.manager, sittingId);
    await this.sittings.assertCanSee(user, sitting);
    return this.documents.list('MINUTES', sittingId);
  }

  // ------------------------------------------------------------------ building

  private async findDraft(m: EntityManager, sittingId: string, lock = true): Promise<MinutesEntity> {
    const minutes = await m
      .getRepository(MinutesEntity)
      .findOne({ where: { sittingId }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
    if (!minutes) throw conflict("Le procès-verbal n'a pas encore été rédigé pour cette séance.");
    if (minutes.state === 'SIGNED')
      throw conflict('Le procès-verbal est signé : créez une nouvelle version pour le modifier.');
    return minutes;
  }

  /** PV-1: the signed minutes go to every member of the commission. */
  private async sendToMembers(
    m: EntityManager,
    sitting: SittingEntity,
    signed: SignedDocumentEntity,
    content: Buffer,
  ): Promise<void> {
    const today = parisDate(this.clock.now());
    const members = await m
      .getRepository(MemberEntity)
      .find({ where: { departementCode: sitting.departementCode } });
    const dto = toSignedDocumentDto(signed);
    for (const member of members.filter(
      (x) => (x.endedAt === null || x.endedAt > today) && (x.termEnd === null || x.termEnd >= today),
    )) {
      // No e-mail address: the signed minutes reach the member by the secretariat's post.
      if (member.email === null) continue;
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
        attachments: [
          {
            filename: `proces-verbal-seance-${sitting.number}-v${signed.version}.pdf`,
            contentType: 'application/pdf',
            content: content.toString('base64'),
          },
        ],
        related: { type: 'sitting', id: sitting.id },
      });
    }
  }
}
