import { Module } from '@nestjs/common';
import { PspRequestsModule } from '../psp-requests/psp-requests.module';
import { PathwayAlertsJob } from './pathway-alerts.job';
import { PathwaysController } from './pathways.controller';
import { PathwaysService } from './pathways.service';

@Module({
  imports: [PspRequestsModule],
  controllers: [PathwaysController],
  providers: [PathwaysService, PathwayAlertsJob],
  exports: [PathwaysService, PathwayAlertsJob],
})
export class PathwaysModule {}
