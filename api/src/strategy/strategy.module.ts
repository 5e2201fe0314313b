import { Module } from '@nestjs/common';
import { DeliberationModule } from '../deliberation/deliberation.module';
import { DocumentsModule } from '../documents/documents.module';
import { SittingsModule } from '../sittings/sittings.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { ActionStatusesController } from './action-statuses.controller';
import { ActionStatusesService } from './action-statuses.service';
import { StrategyController } from './strategy.controller';
import { StrategyDocumentsService } from './strategy-documents.service';
import { StrategyFollowUpService } from './strategy-follow-up.service';
import { StrategyStore } from './strategy-store';
import { StrategyService } from './strategy.service';

@Module({
  imports: [SittingsModule, DeliberationModule, DocumentsModule, StatisticsModule],
  controllers: [StrategyController, ActionStatusesController],
  providers: [
    StrategyStore,
    StrategyService,
    StrategyFollowUpService,
    StrategyDocumentsService,
    ActionStatusesService,
  ],
  exports: [StrategyService],
})
export class StrategyModule {}
