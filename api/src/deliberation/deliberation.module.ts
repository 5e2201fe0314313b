import { Module } from '@nestjs/common';
import { PspRequestsModule } from '../psp-requests/psp-requests.module';
import { SittingsModule } from '../sittings/sittings.module';
import { DeliberationController } from './deliberation.controller';
import { DeliberationService } from './deliberation.service';

@Module({
  imports: [SittingsModule, PspRequestsModule],
  controllers: [DeliberationController],
  providers: [DeliberationService],
  exports: [DeliberationService],
})
export class DeliberationModule {}
