import { Module } from '@nestjs/common';
import { PathwaysModule } from '../pathways/pathways.module';
import { PspRequestsModule } from '../psp-requests/psp-requests.module';
import { SittingsModule } from '../sittings/sittings.module';
import { StrategyModule } from '../strategy/strategy.module';
import { DemoSeeder } from './demo-seed';

@Module({ imports: [PspRequestsModule, PathwaysModule, SittingsModule, StrategyModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
