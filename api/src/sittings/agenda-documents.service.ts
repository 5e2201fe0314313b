import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { SittingDto } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { conflict, fieldError, notFound } from '../core/http/errors';
import { MAX_DOCUMENT_BYTES, detectContentType } from '../psp-requests/file-signature';
import { AgendaDocumentEntity } from './agenda-document.entity';
import { AgendaItemEntity } from './agenda-item.entity';
import { SittingViewService } from './sitting-view.service';
import { SittingsService } from './sittings.service';
import { TenantDb } from '../core/database/tenant-db';

/** Documents attached to policy items (strategy drafts, reports). They hold no personal data. */
@Injectable()
export class AgendaDocumentsService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly sittings: SittingsService,
    private readonly view: SittingViewService,
  ) {}

  async upload(user: UserEntity, sittingId: string, itemId: string, file: { buffer: Buffer; size: number; originalname: string } | undefined): Promise<SittingDto> {
    if (!file || file.size === 0) throw fieldError('file', 'Joignez un fichier (PDF, JPEG ou PNG).');
    if (file.size > MAX_DOCUMENT_BYTES) throw fieldError('file', 'Le fichier dépasse la taille maximale de 10 Mo.');
    const contentType = detectContentType(file.buffer);
    if (!contentType) throw fieldError('file', 'Format refusé : seuls les fichiers PDF, JPEG et PNG sont acceptés.');
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, sittingId, true);
      if (!['PLANNED', 'CONVENED', 'OPEN'].includes(sitting.state)) throw conflict('La séance est close : ses documents ne changent plus.');
      const item = await m.getRepository(AgendaItemEntity).findOne({ where: { id: itemId, sittingId, removedAt: IsNull() } });
      if (!item) throw notFound("Point de l'ordre du jour introuvable.");
      if (item.kind !== 'POLICY') throw fieldError('file', 'Les pièces des demandes de parcours se déposent sur la demande elle-même.');
      const doc = m.create(AgendaDocumentEntity, {
        agendaItemId: item.id,
        filename: file.originalname.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 150) || 'document',
        contentType,
        size: file.size,
        content: file.buffer,
        uploadedBy: user.id,
        uploadedAt: this.clock.now(),
      });
      await m.save(doc);
      await this.audit.record(m, { action: 'agenda.document_added', entityType: 'sitting', entityId: sittingId, details: { itemId, documentId: doc.id } });
      await this.sittings.touch(m, sitting);
      return this.view.dto(m, sitting, user);
    });
  }

  async content(user: UserEntity, sittingId: string, itemId: string, documentId: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
    const sitting = await this.sittings.find(this.db.manager, sittingId);
    await this.sittings.assertCanSee(user, sitting);
    const doc = await this.db
      .getRepository(AgendaDocumentEntity)
      .createQueryBuilder('d')
      .addSelect('d.content')
      .innerJoin(AgendaItemEntity, 'i', 'i.id = d.agenda_item_id')
      .where('d.id = :id AND i.id = :itemId AND i.sitting_id = :sid', { id: documentId, itemId, sid: sittingId })
      .getOne();
    if (!doc) throw notFound('Document introuvable.');
    return { filename: doc.filename, contentType: doc.contentType, content: doc.content };
  }
}
