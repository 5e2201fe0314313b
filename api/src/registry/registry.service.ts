import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DepartementDto } from '@cdlp/shared';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { notFound } from '../core/http/errors';
import { DepartementEntity } from './departement.entity';

@Injectable()
export class RegistryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async departement(): Promise<DepartementDto> {
    const d = await this.dataSource
      .getRepository(DepartementEntity)
      .findOne({ where: { code: this.config.departementCode } });
    if (!d) throw notFound(`Le département ${this.config.departementCode} n'est pas configuré.`);
    return { code: d.code, name: d.name, prefecture: d.prefecture };
  }
}
