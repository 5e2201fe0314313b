import { Module } from '@nestjs/common';
import { PspRequestsModule } from '../psp-requests/psp-requests.module';
import { SittingsModule } from '../sittings/sittings.module';
import { BallotChain } from './ballot-chain';
import { DeliberationController } from './deliberation.controller';
import { DeliberationExchangesService } from './deliberation-exchanges.service';
import { DeliberationView } from './deliberation-view';
import { DeliberationService } from './deliberation.service';

@Module({
  imports: [SittingsModule, PspRequestsModule],
  controllers: [DeliberationController],
  providers: [DeliberationService, DeliberationView, BallotChain, DeliberationExchangesService],
  exports: [DeliberationService],
})
export class DeliberationModule {}
