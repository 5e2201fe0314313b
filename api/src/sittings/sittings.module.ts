import { Module } from '@nestjs/common';
import { PspRequestsModule } from '../psp-requests/psp-requests.module';
import { AgendaDocumentsService } from './agenda-documents.service';
import { AgendaService } from './agenda.service';
import { AttendanceService } from './attendance.service';
import { ConvocationsService } from './convocations.service';
import { SittingEvents } from './sitting-events';
import { SittingListService } from './sitting-list.service';
import { SittingViewService } from './sitting-view.service';
import { SittingRemindersJob } from './sittings.jobs';
import { SittingsController } from './sittings.controller';
import { SittingsService } from './sittings.service';

@Module({
  imports: [PspRequestsModule],
  controllers: [SittingsController],
  providers: [
    SittingsService,
    SittingListService,
    AgendaService,
    SittingViewService,
    ConvocationsService,
    AttendanceService,
    AgendaDocumentsService,
    SittingEvents,
    SittingRemindersJob,
  ],
  exports: [SittingsService, SittingViewService, ConvocationsService, AttendanceService, SittingEvents],
})
export class SittingsModule {}
