import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { SignedDocumentDto, SignedDocumentKind, VerificationResultDto, formatDateTimeFr } from '@cdlp/shared';
import { SIGNATURE_WIDGET_RECT, SignatureStamp } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { CryptoService } from '../core/crypto/crypto.service';
import { notFound } from '../core/http/errors';
import { DOCUMENT_SIGNER, DocumentSigner } from '../core/signing/signing';
import { MemberEntity } from '../registry/member.entity';
import { SignedDocumentEntity } from './signed-document.entity';
import { TenantDb } from '../core/database/tenant-db';

const contentAad = (id: string) => `signed_document:${id}:content`;

export interface SignRequest {
  kind: SignedDocumentKind;
  subjectId: string;
  title: string;
  signer: UserEntity;
  /** Renders the final PDF with the visible signature block; receives the document id and version. */
  render: (ctx: { documentId: string; version: number; stamp: SignatureStamp }) => Promise<Buffer>;
}

export function toSignedDocumentDto(d: SignedDocumentEntity, supersededBy: string | null = null): SignedDocumentDto {
  return {
    id: d.id,
    kind: d.kind,
    subjectId: d.subjectId,
    version: d.version,
    title: d.title,
    sha256: d.sha256,
    signerName: d.signerName,
    signerQuality: d.signerQuality,
    signedAt: d.signedAt.toISOString(),
    supersededBy,
    size: d.size,
  };
}

/**
 * SIG-1, SIG-2: renders, signs (PAdES, detached CMS) and freezes documents, and tells
 * whether a PDF is a genuine, unmodified document of the portal.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly db: TenantDb,
    @Inject(DOCUMENT_SIGNER) private readonly signer: DocumentSigner,
    private readonly clock: Clock,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
  ) {}

  /** The signer's name and quality (SIG-1, CRPA L212-1), from the member record when there is one. */
  async signerIdentity(m: EntityManager, user: UserEntity): Promise<{ name: string; quality: string }> {
    const member = user.memberId ? await m.getRepository(MemberEntity).findOne({ where: { id: user.memberId } }) : null;
    return {
      name: `${user.firstName} ${user.lastName}`,
      quality: member ? member.function + (member.organisation ? `, ${member.organisation}` : '') : 'Présidence de la commission',
    };
  }

  async sign(m: EntityManager, req: SignRequest): Promise<SignedDocumentEntity> {
    const now = this.clock.now();
    const identity = await this.signerIdentity(m, req.signer);
    const previous = await m
      .getRepository(SignedDocumentEntity)
      .findOne({ where: { kind: req.kind, subjectId: req.subjectId }, order: { version: 'DESC' } });
    const version = (previous?.version ?? 0) + 1;
    const id = randomUUID();
    const pdf = await req.render({
      documentId: id,
      version,
      stamp: { signerName: identity.name, signerQuality: identity.quality, signedAtLabel: formatDateTimeFr(now) },
    });
    const prepared = plainAddPlaceholder({
      pdfBuffer: pdf,
      reason: `${req.title} — signature (SIG-1)`,
      contactInfo: identity.quality,
      name: identity.name,
      location: 'Portail CDLP',
      signingTime: now,
      widgetRect: SIGNATURE_WIDGET_RECT,
      signatureLength: 16384,
    });
    const signed = await this.signer.sign(prepared, this.db.departement);
    const sha256 = createHash('sha256').update(signed).digest('hex');
    await m.insert(SignedDocumentEntity, {
      id,
      kind: req.kind,
      subjectId: req.subjectId,
      version,
      title: req.title,
      sha256,
      size: signed.length,
      contentEnc: this.crypto.encrypt(signed, contentAad(id)),
      keyId: this.crypto.currentKeyId,
      signerUserId: req.signer.id,
      signerName: identity.name,
      signerQuality: identity.quality,
      signedAt: now,
      supersedesId: previous?.id ?? null,
    });
    await this.audit.record(m, {
      action: 'document.signed',
      entityType: 'signed_document',
      entityId: id,
      details: { kind: req.kind, subjectId: req.subjectId, version, sha256, rule: 'SIG-1' },
    });
    return m.getRepository(SignedDocumentEntity).findOneByOrFail({ id });
  }

  async content(m: EntityManager, id: string): Promise<{ doc: SignedDocumentEntity; content: Buffer }> {
    const doc = await m
      .getRepository(SignedDocumentEntity)
      .createQueryBuilder('d')
      .addSelect('d.contentEnc')
      .where('d.id = :id', { id })
      .getOne();
    if (!doc) throw notFound('Document introuvable.');
    return { doc, content: this.crypto.decrypt(doc.contentEnc, contentAad(doc.id)) };
  }

  async list(kind: SignedDocumentKind, subjectId: string): Promise<SignedDocumentDto[]> {
    const rows = await this.db.getRepository(SignedDocumentEntity).find({ where: { kind, subjectId }, order: { version: 'DESC' } });
    return rows.map((d) => toSignedDocumentDto(d, rows.find((x) => x.supersedesId === d.id)?.id ?? null));
  }

  /**
   * SIG-2: a PDF is genuine when its SHA-256 is that of a document signed by the portal.
   * A PDF that names a portal document (its metadata) but whose bytes differ was altered.
   */
  async verify(pdf: Buffer, user: UserEntity | null): Promise<VerificationResultDto> {
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const marker = /CDLP-DOC:([0-9a-f-]{36}):v(\d+)/.exec(pdf.toString('latin1'));
    // TENANT-1: a document may come from any département of the national instance; the
    // SECURITY DEFINER lookup names its département, then it is read in that scope.
    const hits: { document_id: string; departement_code: string; same_bytes: boolean }[] = await this.db.unscoped.query(
      `SELECT * FROM cdlp_signed_document_scope($1, $2)`,
      [sha256, marker?.[1] ?? null],
    );
    const hit = hits[0];
    const docs = hit
      ? await this.db.run(hit.departement_code, async (m) => {
          const doc = await m.getRepository(SignedDocumentEntity).findOneOrFail({ where: { id: hit.document_id } });
          const newer = await m.getRepository(SignedDocumentEntity).findOne({ where: { supersedesId: doc.id } });
          return { doc, newer };
        })
      : null;
    let result: VerificationResultDto;
    if (docs && hit?.same_bytes) {
      const { doc: found, newer } = docs;
      result = {
        status: 'GENUINE',
        message: `Document authentique et non modifié : ${found.title}, version ${found.version}, signé par ${found.signerName} (${found.signerQuality}) le ${formatDateTimeFr(found.signedAt)}.${
          newer ? ` Attention : une version plus récente (version ${newer.version}) a été signée depuis.` : ''
        }`,
        document: toSignedDocumentDto(found, newer?.id ?? null),
        sha256,
      };
    } else {
      const claimed = docs?.doc ?? null;
      result = claimed
        ? {
            status: 'ALTERED',
            message: `Document ALTÉRÉ : ce fichier se présente comme « ${claimed.title} » (version ${claimed.version}, signé le ${formatDateTimeFr(claimed.signedAt)}), mais son contenu ne correspond pas au document signé. Il a été modifié après la signature.`,
            document: toSignedDocumentDto(claimed),
            sha256,
          }
        : marker || pdf.includes(Buffer.from('Portail CDLP'))
          ? {
              status: 'ALTERED',
              message: "Document ALTÉRÉ ou inconnu : il porte la marque du portail mais ne correspond à aucun document signé.",
              document: null,
              sha256,
            }
          : { status: 'UNKNOWN', message: "Ce fichier n'est pas un document signé par le portail de la commission.", document: null, sha256 };
    }
    await this.audit.recordNow({
      action: 'document.verified',
      entityType: 'signed_document',
      entityId: result.document?.id ?? null,
      details: { status: result.status, sha256 },
      actor: user ? { userId: user.id, role: user.role } : null,
    });
    return result;
  }

  assertMayRead(user: UserEntity, kind: SignedDocumentKind, ownerAssociationId: string | null): void {
    if (kind !== 'DECISION') return;
    if (user.role === 'SECRETARIAT' || user.role === 'PRESIDENT') return;
    if (user.role === 'ASSOCIATION' && ownerAssociationId && user.associationId === ownerAssociationId) return;
    throw new ForbiddenException({ statusCode: 403, message: "Les décisions individuelles ne sont accessibles qu'au secrétariat, à la présidence et à l'association (DP-2)." });
  }
}
