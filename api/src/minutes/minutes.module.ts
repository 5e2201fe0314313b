import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { PspRequestsModule } from '../psp-requests/psp-requests.module';
import { SittingsModule } from '../sittings/sittings.module';
import { MinutesController } from './minutes.controller';
import { MinutesBuilder } from './minutes-builder';
import { MinutesService } from './minutes.service';

@Module({
  imports: [SittingsModule, PspRequestsModule, DocumentsModule],
  controllers: [MinutesController],
  providers: [MinutesService, MinutesBuilder],
  exports: [MinutesService],
})
export class MinutesModule {}
