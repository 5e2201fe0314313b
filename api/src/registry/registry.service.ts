import { Injectable } from '@nestjs/common';

import { DepartementDto } from '@cdlp/shared';
import { notFound } from '../core/http/errors';
import { DepartementEntity } from './departement.entity';
import { TenantDb } from '../core/database/tenant-db';

@Injectable()
export class RegistryService {
  constructor(
    private readonly db: TenantDb,
  ) {}

  async departement(): Promise<DepartementDto> {
    const d = await this.db
      .getRepository(DepartementEntity)
      .findOne({ where: { code: this.db.departement } });
    if (!d) throw notFound(`Le département ${this.db.departement} n'est pas configuré.`);
    return { code: d.code, name: d.name, prefecture: d.prefecture };
  }
}
