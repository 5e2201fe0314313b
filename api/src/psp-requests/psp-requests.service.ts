import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import {
  CompletenessDto,
  PspDossierDto,
  PspRequestDto,
  PspRequestEvent,
  PspRequestKind,
  PspRequestState,
  PspSummaryDto,
  SupportingDocumentDto,
  ageBand,
  computeCompleteness,
  parisDate,
  transition,
} from '@cdlp/shared';
import { missingItemsMail, requestCompleteMail } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { CryptoService } from '../core/crypto/crypto.service';
import { notFound } from '../core/http/errors';
import { OutboxService } from '../core/outbox/outbox.service';
import { AssociationEntity } from '../registry/association.entity';
import { ChecklistService, toRuleItem } from './checklist.service';
import { DossierAccessPolicy } from './dossier-access.policy';
import { PspRequestEntity } from './psp-request.entity';
import { toRequestDto } from './psp-request.mapper';
import { SupportingDocumentEntity } from './supporting-document.entity';
import { TenantDb } from '../core/database/tenant-db';

/** AAD strings bind each ciphertext to its row and column (DP-1). */
export const dossierAad = (id: string) => `psp_request:${id}:dossier`;
export const waiverAad = (id: string) => `psp_request:${id}:waiver`;
export const withdrawnAad = (id: string) => `psp_request:${id}:withdrawn`;

@Injectable()
export class PspRequestsService {
  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly crypto: CryptoService,
    private readonly checklist: ChecklistService,
    private readonly access: DossierAccessPolicy,
  ) {}

  // ---------------------------------------------------------------- reading

  /** The full dossier (DP-2): every read is audited. */
  async get(user: UserEntity, id: string): Promise<PspRequestDto> {
    const request = await this.find(this.db.manager, id);
    this.access.assertFullAccess(user, request);
    const dto = await this.toDto(this.db.manager, request);
    await this.audit.recordNow({
      action: 'psp_request.read',
      entityType: 'psp_request',
      entityId: request.id,
    });
    return dto;
  }

  /** DP-2: the pseudonymised summary for a member convened to the sitting. */
  async summary(user: UserEntity, id: string): Promise<PspSummaryDto> {
    const request = await this.find(this.db.manager, id);
    await this.access.assertSummaryAccess(user, request);
    const d = this.dossier(request);
    const [names] = [await this.associationNames(this.db.manager, [request.associationId])];
    await this.audit.recordNow({
      action: 'psp_request.summary_read',
      entityType: 'psp_request',
      entityId: request.id,
    });
    return {
      reference: request.reference,
      kind: request.kind,
      associationName: names.get(request.associationId) ?? '',
      ageBand: request.ageBand ?? ageBand(d.birthDate, parisDate(this.clock.now())),
      nationalityGroup: d.nationalityGroup ?? null,
      foreigner: d.foreigner ?? null,
      childrenCount: d.childrenCount ?? null,
      housing: d.housing ?? null,
      administrativeStatus: d.administrativeStatus ?? null,
      supportPlan: d.supportPlan ?? [],
      evaluation: d.evaluation ?? null,
      associationOpinion: d.associationOpinion ?? null,
      progressReport: d.progressReport ?? null,
    };
  }

  // ---------------------------------------------------------------- filing

  /** Creates a draft; also used for renewals filed from a pathway. */
  async insertDraft(
    m: EntityManager,
    user: UserEntity,
    kind: PspRequestKind,
    associationId: string,
    pathwayId: string | null,
    dossier: PspDossierDto,
    reference?: string,
  ): Promise<PspRequestEntity> {
    const now = this.clock.now();
    const request = m.create(PspRequestEntity, {
      reference: reference ?? (await this.nextReference(m, now)),
      departementCode: this.db.departement,
      kind,
      state: 'DRAFT',
      associationId,
      pathwayId,
      dossierEnc: null,
      keyId: null,
      urgent: dossier.urgent ?? false,
      ageBand: null,
      nationalityGroup: dossier.nationalityGroup ?? null,
      foreigner: dossier.foreigner ?? null,
      createdBy: user.id,
      submittedAt: null,
      completedAt: null,
      opinion: null,
      opinionAt: null,
      decision: null,
      decidedAt: null,
      withdrawnAt: null,
      withdrawnReasonEnc: null,
      nationalityWaiverAccepted: null,
      nationalityWaiverAt: null,
      nationalityWaiverReasonEnc: null,
      purgedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await m.save(request);
    request.dossierEnc = this.crypto.encryptJson(clean(dossier), dossierAad(request.id));
    request.keyId = this.crypto.currentKeyId;
    await m.save(request);
    await this.audit.record(m, {
      action: 'psp_request.created',
      entityType: 'psp_request',
      entityId: request.id,
      details: { reference: request.reference, kind, associationId, onBehalf: user.role !== 'ASSOCIATION' },
    });
    return request;
  }

  // ------------------------------------------------- transitions of later steps

  /** PSP-4: only a complete request goes on an agenda (used by sittings). */
  async putOnAgenda(m: EntityManager, id: string): Promise<PspRequestEntity> {
    const request = await this.find(m, id, true);
    await this.applyEvent(m, request, 'PUT_ON_AGENDA');
    return request;
  }

  async removeFromAgenda(m: EntityManager, id: string): Promise<PspRequestEntity> {
    const request = await this.find(m, id, true);
    await this.applyEvent(m, request, 'REMOVE_FROM_AGENDA');
    return request;
  }

  /** PSP-4: the commission's opinion (used by deliberation). */
  async giveOpinion(
    m: EntityManager,
    id: string,
    opinion: 'FAVOURABLE' | 'UNFAVOURABLE',
  ): Promise<PspRequestEntity> {
    const request = await this.find(m, id, true);
    request.opinion = opinion;
    request.opinionAt = this.clock.now();
    await this.applyEvent(m, request, 'GIVE_OPINION', { opinion });
    return request;
  }

  /** PSP-5: the préfet's decision, a separate act from the opinion (used by decisions). */
  async recordDecision(
    m: EntityManager,
    id: string,
    decision: 'AUTHORISED' | 'REFUSED',
  ): Promise<PspRequestEntity> {
    const request = await this.find(m, id, true);
    request.decision = decision;
    request.decidedAt = this.clock.now();
    await this.applyEvent(m, request, 'DECIDE', { decision });
    return request;
  }

  // ---------------------------------------------------------------- internals

  /** Applies a state machine event or refuses it with a 409 and a French message. */
  async applyEvent(
    m: EntityManager,
    request: PspRequestEntity,
    event: PspRequestEvent,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const from = request.state;
    const to = this.assertTransition(request, event);
    request.state = to;
    request.updatedAt = this.clock.now();
    await m.save(request);
    await this.audit.record(m, {
      action: 'psp_request.transition',
      entityType: 'psp_request',
      entityId: request.id,
      details: { event, from, to, ...details },
    });
  }

  assertTransition(request: PspRequestEntity, event: PspRequestEvent): PspRequestState {
    const t = transition(request.state, event);
    if (!t.ok)
      throw new ConflictException({ statusCode: 409, message: `${request.reference} : ${t.message}` });
    return t.to;
  }

  /**
   * PSP-3: recomputes completeness after any change to a submitted request and moves
   * it between INCOMPLETE and COMPLETE. PSP-4: completed_at records when it became complete.
   */
  async refreshCompleteness(m: EntityManager, request: PspRequestEntity): Promise<CompletenessDto> {
    const completeness = await this.completeness(m, request);
    if (!['SUBMITTED', 'INCOMPLETE', 'COMPLETE'].includes(request.state)) return completeness;
    const url = `${this.config.publicUrl}/demandes/${request.id}`;
    if (completeness.complete && request.state !== 'COMPLETE') {
      request.completedAt = this.clock.now();
      await this.applyEvent(m, request, 'MARK_COMPLETE', { rule: 'PSP-3' });
      await this.notifyAssociation(
        m,
        request,
        'psp-complete',
        requestCompleteMail({ reference: request.reference, url }),
      );
    } else if (!completeness.complete && request.state !== 'INCOMPLETE') {
      request.completedAt = null;
      await this.applyEvent(m, request, 'MARK_INCOMPLETE', { rule: 'PSP-3' });
      const missing = [
        ...completeness.items
          .filter((i) => i.required && i.message && i.status !== 'PRESENT' && i.status !== 'WAIVED')
          .map((i) => i.message as string),
        ...completeness.missingDossierFields.map((f) => f.message),
      ];
      await this.notifyAssociation(
        m,
        request,
        'psp-missing-items',
        missingItemsMail({ reference: request.reference, missing, url }),
      );
    }
    return completeness;
  }

  async completeness(m: EntityManager, request: PspRequestEntity): Promise<CompletenessDto> {
    const referenceDate = parisDate(request.submittedAt ?? this.clock.now());
    const items = await this.checklist.inForce(request.kind, referenceDate, m);
    const docs = await m
      .getRepository(SupportingDocumentEntity)
      .find({ where: { requestId: request.id, deletedAt: IsNull() } });
    return computeCompleteness({
      kind: request.kind,
      checklist: items.map(toRuleItem),
      documents: docs.map((d) => ({
        itemCode: d.itemCode,
        docType: d.docType,
        issueDate: d.issueDate,
        expiryDate: d.expiryDate,
      })),
      dossier: this.dossier(request),
      referenceDate,
      nationalityWaived: request.nationalityWaiverAccepted === true,
    });
  }

  private async notifyAssociation(
    m: EntityManager,
    request: PspRequestEntity,
    template: string,
    mail: ReturnType<typeof missingItemsMail>,
  ): Promise<void> {
    const association = await m
      .getRepository(AssociationEntity)
      .findOneOrFail({ where: { id: request.associationId } });
    const users = await m
      .getRepository(UserEntity)
      .find({ where: { associationId: association.id, active: true, role: 'ASSOCIATION' } });
    const recipients = new Set([association.email, ...users.map((u) => u.email)]);
    for (const recipient of recipients) {
      await this.outbox.enqueue(m, {
        template,
        recipient,
        mail,
        related: { type: 'psp_request', id: request.id },
      });
    }
  }

  assertCanFile(user: UserEntity, request: PspRequestEntity): void {
    if (user.role === 'SECRETARIAT') return;
    if (user.role === 'ASSOCIATION' && user.associationId === request.associationId) return;
    throw new ForbiddenException({ statusCode: 403, message: "Vous n'avez pas accès à ce dossier (DP-2)." });
  }

  dossier(request: PspRequestEntity): PspDossierDto {
    if (!request.dossierEnc) return {};
    return this.crypto.decryptJson<PspDossierDto>(request.dossierEnc, dossierAad(request.id));
  }

  async find(m: EntityManager, id: string, lock = false): Promise<PspRequestEntity> {
    const r = await m.getRepository(PspRequestEntity).findOne({
      where: { id, departementCode: this.db.departement },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!r) throw notFound('Demande introuvable.');
    if (r.purgedAt)
      throw notFound(
        'Les données de cette demande ont été supprimées au terme de leur durée de conservation (DP-3).',
      );
    return r;
  }

  async toDto(m: EntityManager, request: PspRequestEntity): Promise<PspRequestDto> {
    const docs = await m
      .getRepository(SupportingDocumentEntity)
      .find({ where: { requestId: request.id, deletedAt: IsNull() }, order: { uploadedAt: 'ASC' } });
    const names = await this.associationNames(m, [request.associationId]);
    return toRequestDto(request, {
      associationName: names.get(request.associationId) ?? '',
      now: this.clock.now(),
      dossier: this.dossier(request),
      documents: docs.map((d) => this.documentDto(d)),
      completeness: await this.completeness(m, request),
      waiverReason: request.nationalityWaiverReasonEnc
        ? this.crypto.decryptText(request.nationalityWaiverReasonEnc, waiverAad(request.id))
        : null,
      withdrawnReason: request.withdrawnReasonEnc
        ? this.crypto.decryptText(request.withdrawnReasonEnc, withdrawnAad(request.id))
        : null,
    });
  }

  documentDto(d: SupportingDocumentEntity): SupportingDocumentDto {
    return {
      id: d.id,
      itemCode: d.itemCode,
      docType: d.docType,
      filename: this.crypto.decryptText(d.filenameEnc, `supporting_document:${d.id}:filename`),
      contentType: d.contentType,
      size: d.size,
      issueDate: d.issueDate,
      expiryDate: d.expiryDate,
      uploadedAt: d.uploadedAt.toISOString(),
    };
  }

  private async associationNames(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await m.getRepository(AssociationEntity).find({ where: { id: In(unique) } });
    return new Map(rows.map((a) => [a.id, a.name] as const));
  }

  /** DP-2: PSP-<département>-<year>-<sequence>, one counter per département and year. */
  private async nextReference(m: EntityManager, now: Date): Promise<string> {
    const year = Number(parisDate(now).slice(0, 4));
    const rows: { last_value: number }[] = await m.query(
      `INSERT INTO psp_reference_counter (departement_code, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (departement_code, year) DO UPDATE SET last_value = psp_reference_counter.last_value + 1
       RETURNING last_value`,
      [this.db.departement, year],
    );
    return `PSP-${this.db.departement}-${year}-${String(rows[0].last_value).padStart(4, '0')}`;
  }
}

/** Drops empty strings so that "missing" means missing. */
export function clean(d: PspDossierDto): PspDossierDto {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out as PspDossierDto;
}
