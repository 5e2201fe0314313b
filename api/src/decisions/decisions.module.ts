import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { PathwaysModule } from '../pathways/pathways.module';
import { PspRequestsModule } from '../psp-requests/psp-requests.module';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';

@Module({
  imports: [PspRequestsModule, PathwaysModule, DocumentsModule],
  controllers: [DecisionsController],
  providers: [DecisionsService],
  exports: [DecisionsService],
})
export class DecisionsModule {}
