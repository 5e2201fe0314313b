import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { NationalController } from './national.controller';
import { NationalDepartementsService } from './national-departements.service';
import { NationalStatisticsService } from './national-statistics.service';

@Module({
  imports: [UsersModule],
  controllers: [NationalController],
  providers: [NationalDepartementsService, NationalStatisticsService],
})
export class NationalModule {}
