import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AddAgendaItemDto, ReorderAgendaDto, SittingDto, SittingState } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { TenantDb } from '../core/database/tenant-db';
import { conflict, fieldError, notFound } from '../core/http/errors';
import { AgendaItemEntity } from './agenda-item.entity';
import { SittingViewService } from './sitting-view.service';
import { SittingEntity } from './sitting.entity';
import { SittingsService } from './sittings.service';
import type { EntityManager } from 'typeorm';

const LIVE_STATES: SittingState[] = ['PLANNED', 'CONVENED', 'OPEN'];

/** The agenda of a sitting before it opens: items added, removed, reordered; reopened after convocation (CONV-1, PSP-4). */
@Injectable()
export class AgendaService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly sittings: SittingsService,
    private readonly view: SittingViewService,
  ) {}

  async addItem(user: UserEntity, id: string, dto: AddAgendaItemDto): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      this.assertAgendaEditable(sitting);
      const items = await this.sittings.liveItems(m, sitting.id);
      const position = items.length + 1;
      if (dto.kind === 'PSP_REQUEST') {
        if (sitting.kind !== 'EXAMINATION')
          throw fieldError('kind', "Les demandes de parcours ne s'examinent qu'en séance d'examen.");
        await this.sittings.addRequest(m, sitting, dto.requestId as string, position);
        await this.sittings.syncMembers(m, sitting);
      } else {
        await this.sittings.addPolicyItemIn(m, sitting, dto.title ?? '', dto.presenter ?? null);
      }
      await this.sittings.touch(m, sitting);
      return this.view.dto(m, sitting, user);
    });
  }

  async removeItem(user: UserEntity, id: string, itemId: string, reason: string): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      this.assertAgendaEditable(sitting);
      const item = await m
        .getRepository(AgendaItemEntity)
        .findOne({ where: { id: itemId, sittingId: sitting.id, removedAt: IsNull() } });
      if (!item) throw notFound("Point de l'ordre du jour introuvable.");
      await this.sittings.releaseItem(m, item, reason.trim());
      await this.renumber(m, sitting.id);
      await this.sittings.syncMembers(m, sitting);
      await this.sittings.touch(m, sitting);
      return this.view.dto(m, sitting, user);
    });
  }

  async reorder(user: UserEntity, id: string, dto: ReorderAgendaDto): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      this.assertAgendaEditable(sitting);
      const items = await this.sittings.liveItems(m, sitting.id);
      const ids = new Set(items.map((i) => i.id));
      if (
        dto.itemIds.length !== items.length ||
        dto.itemIds.some((x) => !ids.has(x)) ||
        new Set(dto.itemIds).size !== items.length
      ) {
        throw fieldError(
          'itemIds',
          "La nouvelle liste doit reprendre chaque point de l'ordre du jour une seule fois.",
        );
      }
      for (const [index, itemId] of dto.itemIds.entries()) {
        await m.update(AgendaItemEntity, { id: itemId }, { position: index + 1 });
      }
      await this.audit.record(m, { action: 'agenda.reordered', entityType: 'sitting', entityId: sitting.id });
      await this.sittings.touch(m, sitting);
      return this.view.dto(m, sitting, user);
    });
  }

  /** After convocation the agenda is locked; reopening it means a new convocation (CONV-1). */
  async reopenAgenda(user: UserEntity, id: string): Promise<SittingDto> {
    return this.db.transaction(async (m) => {
      const sitting = await this.sittings.find(m, id, true);
      if (sitting.secondConvocationOf)
        throw conflict("L'ordre du jour d'une seconde convocation ne peut pas changer (QUOR-2).");
      if (sitting.state !== 'CONVENED')
        throw conflict("Seul l'ordre du jour d'une séance convoquée peut être rouvert.");
      sitting.agendaLocked = false;
      sitting.agendaChangedSinceConvocation = true;
      await m.save(sitting);
      await this.audit.record(m, { action: 'agenda.reopened', entityType: 'sitting', entityId: sitting.id });
      await this.sittings.touch(m, sitting);
      return this.view.dto(m, sitting, user);
    });
  }

  private async renumber(m: EntityManager, sittingId: string): Promise<void> {
    const items = await this.sittings.liveItems(m, sittingId);
    for (const [index, item] of items.entries()) {
      if (item.position !== index + 1)
        await m.update(AgendaItemEntity, { id: item.id }, { position: index + 1 });
    }
  }

  private assertAgendaEditable(sitting: SittingEntity): void {
    if (sitting.secondConvocationOf)
      throw conflict("L'ordre du jour d'une seconde convocation ne peut pas changer (QUOR-2).");
    if (!LIVE_STATES.includes(sitting.state) || sitting.state === 'OPEN') {
      throw conflict("L'ordre du jour d'une séance ouverte, close ou annulée ne peut plus changer.");
    }
    if (sitting.agendaLocked) {
      throw conflict(
        "L'ordre du jour est verrouillé depuis l'envoi de la convocation. Rouvrez-le : une nouvelle convocation devra être envoyée aux membres.",
      );
    }
  }
}
