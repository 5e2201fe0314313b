import { Module } from '@nestjs/common';
import { DemoSeeder } from './demo-seed';

@Module({ providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
