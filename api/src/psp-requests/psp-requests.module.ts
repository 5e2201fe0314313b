import { Module } from '@nestjs/common';
import { ChecklistService } from './checklist.service';
import { DocumentsService } from './documents.service';
import { DossierAccessPolicy } from './dossier-access.policy';
import { ChecklistController, PspRequestsController } from './psp-requests.controller';
import { PspFilingService } from './psp-filing.service';
import { PspRequestListService } from './psp-request-list.service';
import { PspRequestsService } from './psp-requests.service';
import { RetentionService } from './retention.service';

@Module({
  controllers: [PspRequestsController, ChecklistController],
  providers: [
    PspRequestsService,
    PspFilingService,
    PspRequestListService,
    DocumentsService,
    ChecklistService,
    DossierAccessPolicy,
    RetentionService,
  ],
  exports: [PspRequestsService, ChecklistService, DossierAccessPolicy, RetentionService],
})
export class PspRequestsModule {}
