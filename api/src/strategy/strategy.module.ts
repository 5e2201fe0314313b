import { Module } from '@nestjs/common';
import { DeliberationModule } from '../deliberation/deliberation.module';
import { DocumentsModule } from '../documents/documents.module';
import { SittingsModule } from '../sittings/sittings.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { StrategyController } from './strategy.controller';
import { StrategyService } from './strategy.service';

@Module({
  imports: [SittingsModule, DeliberationModule, DocumentsModule, StatisticsModule],
  controllers: [StrategyController],
  providers: [StrategyService],
  exports: [StrategyService],
})
export class StrategyModule {}
