import { Module } from '@nestjs/common';
import { SittingsModule } from '../sittings/sittings.module';
import { ConvocationLettersController } from './convocation-letters.controller';
import { ConvocationLettersService } from './convocation-letters.service';

@Module({
  imports: [SittingsModule],
  controllers: [ConvocationLettersController],
  providers: [ConvocationLettersService],
})
export class ConvocationLettersModule {}
