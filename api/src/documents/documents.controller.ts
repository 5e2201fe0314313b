import { BadRequestException, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';

import { Permission, VerificationResultDto } from '@cdlp/shared';
import { CurrentUser } from '../core/auth/current-user';
import { RequirePermission } from '../core/auth/permission.decorator';
import { UserEntity } from '../core/auth/user.entity';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { SittingsService } from '../sittings/sittings.service';
import { DocumentsService } from './documents.service';
import { TenantDb } from '../core/database/tenant-db';

@ApiTags('documents')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly sittings: SittingsService,
    private readonly db: TenantDb,
  ) {}

  /** SIG-2: anyone logged in can check that a PDF is a genuine, unmodified document of the portal. */
  @RequirePermission(Permission.AUTHENTICATED)
  @Post('verify')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 20 * 1024 * 1024, files: 1 } }))
  verify(@CurrentUser() user: UserEntity, @UploadedFile() file: { buffer: Buffer; size: number } | undefined): Promise<VerificationResultDto> {
    if (!file || file.size === 0) {
      throw new BadRequestException({ statusCode: 400, message: 'Joignez le fichier PDF à vérifier.', errors: [{ field: 'file', message: 'Fichier manquant.' }] });
    }
    return this.documents.verify(file.buffer, user);
  }

  /** Downloads a signed document: minutes for those who may see the sitting, decisions per DP-2. */
  @RequirePermission(Permission.DEPARTEMENT_READ)
  @Get(':id/content')
  async content(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const { doc, content } = await this.documents.content(this.db.manager, id);
    if (doc.kind === 'MINUTES') await this.sittings.assertVisible(user, doc.subjectId);
    if (doc.kind === 'DECISION') {
      const request = await this.db.getRepository(PspRequestEntity).findOne({ where: { id: doc.subjectId } });
      this.documents.assertMayRead(user, 'DECISION', request?.associationId ?? null);
    }
    const filename = `${doc.title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase()}-v${doc.version}.pdf`;
    return new StreamableFile(content, { type: 'application/pdf', disposition: `attachment; filename="${filename}"`, length: content.length });
  }
}
