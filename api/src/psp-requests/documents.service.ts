import { ConflictException, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { IsNull } from 'typeorm';
import { PspRequestDto, UploadDocumentDto, isEditable } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { CryptoService } from '../core/crypto/crypto.service';
import { fieldError, notFound } from '../core/http/errors';
import { ChecklistService } from './checklist.service';
import { DossierAccessPolicy } from './dossier-access.policy';
import { MAX_DOCUMENT_BYTES, detectContentType } from './file-signature';
import { PspRequestsService } from './psp-requests.service';
import { SupportingDocumentEntity } from './supporting-document.entity';
import { parisDate } from '@cdlp/shared';
import { TenantDb } from '../core/database/tenant-db';

export interface UploadedFile {
  buffer: Buffer;
  size: number;
  originalname: string;
}

const contentAad = (id: string) => `supporting_document:${id}:content`;
const filenameAad = (id: string) => `supporting_document:${id}:filename`;

/**
 * Supporting documents. A document is encrypted and written in the same transaction
 * as the completeness update; the answer goes out only after the commit, so an
 * acknowledged upload is stored and a failed one leaves nothing behind.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
    private readonly requests: PspRequestsService,
    private readonly checklist: ChecklistService,
    private readonly access: DossierAccessPolicy,
  ) {}

  async upload(user: UserEntity, requestId: string, file: UploadedFile | undefined, meta: UploadDocumentDto): Promise<PspRequestDto> {
    if (!file || file.size === 0) throw fieldError('file', 'Joignez un fichier (PDF, JPEG ou PNG).');
    if (file.size > MAX_DOCUMENT_BYTES) throw fieldError('file', 'Le fichier dépasse la taille maximale de 10 Mo.');
    const contentType = detectContentType(file.buffer);
    if (!contentType) {
      throw fieldError('file', 'Format refusé : seuls les fichiers PDF, JPEG et PNG sont acceptés (le contenu du fichier a été vérifié).');
    }
    if (meta.issueDate && meta.expiryDate && meta.expiryDate < meta.issueDate) {
      throw fieldError('expiryDate', "La date d'expiration ne peut pas précéder la date d'émission.");
    }
    if (meta.issueDate && meta.issueDate > parisDate(this.clock.now())) {
      throw fieldError('issueDate', "La date d'émission ne peut pas être dans le futur.");
    }
    return this.db.transaction(async (m) => {
      const request = await this.requests.find(m, requestId, true);
      this.requests.assertCanFile(user, request);
      if (!isEditable(request.state)) {
        throw new ConflictException({ statusCode: 409, message: `La demande ${request.reference} ne reçoit plus de pièces.` });
      }
      const referenceDate = parisDate(request.submittedAt ?? this.clock.now());
      const items = await this.checklist.inForce(request.kind, referenceDate, m);
      const item = items.find((i) => i.code === meta.itemCode);
      if (!item) throw fieldError('itemCode', `La pièce « ${meta.itemCode} » ne fait pas partie de la liste des pièces de cette demande.`);
      if (item.oneOf.length > 0 && (!meta.docType || !item.oneOf.includes(meta.docType))) {
        throw fieldError('docType', `Précisez le type de document parmi : ${item.oneOf.join(', ')}.`);
      }
      if (item.maxAgeMonths !== null && !meta.issueDate) {
        throw fieldError('issueDate', `Indiquez la date d'émission : cette pièce doit dater de moins de ${item.maxAgeMonths} mois.`);
      }
      const doc = m.create(SupportingDocumentEntity, {
        requestId: request.id,
        itemCode: item.code,
        docType: meta.docType ?? null,
        issueDate: meta.issueDate ?? null,
        expiryDate: meta.expiryDate ?? null,
        filenameEnc: Buffer.alloc(0),
        contentType,
        size: file.size,
        sha256: createHash('sha256').update(file.buffer).digest('hex'),
        contentEnc: null,
        keyId: this.crypto.currentKeyId,
        uploadedBy: user.id,
        uploadedAt: this.clock.now(),
        deletedAt: null,
      });
      await m.save(doc);
      const filename = sanitiseFilename(file.originalname, contentType);
      await m.update(SupportingDocumentEntity, { id: doc.id }, {
        filenameEnc: this.crypto.encryptText(filename, filenameAad(doc.id)),
        contentEnc: this.crypto.encrypt(file.buffer, contentAad(doc.id)),
      });
      await this.audit.record(m, {
        action: 'supporting_document.uploaded',
        entityType: 'psp_request',
        entityId: request.id,
        details: { documentId: doc.id, itemCode: item.code, docType: doc.docType, size: doc.size, sha256: doc.sha256 },
      });
      request.updatedAt = this.clock.now();
      await m.save(request);
      await this.requests.refreshCompleteness(m, request);
      return this.requests.toDto(m, request);
    });
  }

  /** Download of a document: DP-2 access, audited. */
  async content(user: UserEntity, requestId: string, documentId: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
    const request = await this.requests.find(this.db.manager, requestId);
    this.access.assertFullAccess(user, request);
    const doc = await this.db
      .getRepository(SupportingDocumentEntity)
      .createQueryBuilder('d')
      .addSelect('d.contentEnc')
      .where('d.id = :id AND d.request_id = :rid AND d.deleted_at IS NULL', { id: documentId, rid: requestId })
      .getOne();
    if (!doc || !doc.contentEnc) throw notFound('Pièce introuvable.');
    const content = this.crypto.decrypt(doc.contentEnc, contentAad(doc.id));
    await this.audit.recordNow({
      action: 'supporting_document.read',
      entityType: 'psp_request',
      entityId: request.id,
      details: { documentId: doc.id },
    });
    return { filename: this.crypto.decryptText(doc.filenameEnc, filenameAad(doc.id)), contentType: doc.contentType, content };
  }

  /** Removes a document while the request is editable; the row stays (history), flagged deleted. */
  async remove(user: UserEntity, requestId: string, documentId: string): Promise<PspRequestDto> {
    return this.db.transaction(async (m) => {
      const request = await this.requests.find(m, requestId, true);
      this.requests.assertCanFile(user, request);
      if (!isEditable(request.state)) {
        throw new ConflictException({ statusCode: 409, message: `Les pièces de la demande ${request.reference} ne peuvent plus être modifiées.` });
      }
      const res = await m.update(
        SupportingDocumentEntity,
        { id: documentId, requestId, deletedAt: IsNull() },
        { deletedAt: this.clock.now() },
      );
      if (!res.affected) throw notFound('Pièce introuvable.');
      await this.audit.record(m, {
        action: 'supporting_document.deleted',
        entityType: 'psp_request',
        entityId: request.id,
        details: { documentId },
      });
      request.updatedAt = this.clock.now();
      await m.save(request);
      await this.requests.refreshCompleteness(m, request);
      return this.requests.toDto(m, request);
    });
  }
}

function sanitiseFilename(name: string, contentType: string): string {
  const base = (name || 'piece').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'piece';
  const ext = contentType === 'application/pdf' ? '.pdf' : contentType === 'image/png' ? '.png' : '.jpg';
  return base.toLowerCase().endsWith(ext) ? base : `${base}${ext}`;
}
