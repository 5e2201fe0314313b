import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import {
  CreatePspRequestDto,
  NationalityWaiverDto,
  PspRequestDto,
  UpdatePspRequestDto,
  WithdrawPspRequestDto,
  ageBand,
  checkApproval,
  isEditable,
  parisDate,
  requiredDossierFields,
} from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { CryptoService } from '../core/crypto/crypto.service';
import { fieldError, fieldErrors } from '../core/http/errors';
import { AssociationEntity } from '../registry/association.entity';
import { TenantDb } from '../core/database/tenant-db';
import { PspRequestsService, clean, dossierAad, waiverAad, withdrawnAad } from './psp-requests.service';

/** Filing a PSP request (PSP-2, PSP-3): creation, autosave, submission, nationality waiver, withdrawal. */
@Injectable()
export class PspFilingService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
    private readonly requests: PspRequestsService,
  ) {}

  async create(user: UserEntity, dto: CreatePspRequestDto): Promise<PspRequestDto> {
    let associationId: string;
    if (user.role === 'ASSOCIATION') {
      if (!user.associationId)
        throw new ForbiddenException({
          statusCode: 403,
          message: 'Votre compte n’est rattaché à aucune association.',
        });
      if (dto.associationId && dto.associationId !== user.associationId) {
        throw fieldError('associationId', 'Vous ne pouvez déposer une demande que pour votre association.');
      }
      associationId = user.associationId;
    } else {
      // The secretariat files on behalf of an association.
      if (!dto.associationId)
        throw fieldError('associationId', "Choisissez l'association pour laquelle la demande est déposée.");
      associationId = dto.associationId;
    }
    return this.db.transaction(async (m) => {
      const association = await m.getRepository(AssociationEntity).findOne({ where: { id: associationId } });
      if (!association) throw fieldError('associationId', 'Association introuvable.');
      const request = await this.requests.insertDraft(m, user, 'INITIAL', associationId, null, dto.dossier);
      return this.requests.toDto(m, request);
    });
  }

  /** Autosave: the dossier is replaced as a whole, while the request is still editable. */
  async update(user: UserEntity, id: string, dto: UpdatePspRequestDto): Promise<PspRequestDto> {
    return this.db.transaction(async (m) => {
      const request = await this.requests.find(m, id, true);
      this.requests.assertCanFile(user, request);
      if (!isEditable(request.state)) {
        throw new ConflictException({
          statusCode: 409,
          message: `La demande ${request.reference} ne peut plus être modifiée.`,
        });
      }
      if (request.state !== 'DRAFT') {
        const missing = requiredDossierFields(request.kind, dto.dossier);
        if (missing.length > 0) throw fieldErrors(missing);
      }
      request.dossierEnc = this.crypto.encryptJson(clean(dto.dossier), dossierAad(request.id));
      request.keyId = this.crypto.currentKeyId;
      request.urgent = dto.dossier.urgent ?? false;
      request.nationalityGroup = dto.dossier.nationalityGroup ?? null;
      request.foreigner = dto.dossier.foreigner ?? null;
      request.updatedAt = this.clock.now();
      await m.save(request);
      await this.audit.record(m, {
        action: 'psp_request.updated',
        entityType: 'psp_request',
        entityId: request.id,
      });
      await this.requests.refreshCompleteness(m, request);
      return this.requests.toDto(m, request);
    });
  }

  /**
   * PSP-2: the association's approval must be valid on the submission date and cover
   * the département. PSP-3: completeness is then computed; the request becomes
   * COMPLETE or INCOMPLETE at once.
   */
  async submit(user: UserEntity, id: string): Promise<PspRequestDto> {
    return this.db.transaction(async (m) => {
      const request = await this.requests.find(m, id, true);
      this.requests.assertCanFile(user, request);
      this.requests.assertTransition(request, 'SUBMIT');
      const now = this.clock.now();
      const today = parisDate(now);
      const association = await m
        .getRepository(AssociationEntity)
        .findOneOrFail({ where: { id: request.associationId } });
      const approval = checkApproval(association, today, request.departementCode);
      if (!approval.valid) {
        throw fieldError('associationId', `Dépôt refusé : ${approval.reason}`);
      }
      const dossier = this.requests.dossier(request);
      const missing = requiredDossierFields(request.kind, dossier);
      if (missing.length > 0) throw fieldErrors(missing);
      request.submittedAt = now;
      request.ageBand = ageBand(dossier.birthDate, today);
      await this.requests.applyEvent(m, request, 'SUBMIT');
      await this.requests.refreshCompleteness(m, request);
      return this.requests.toDto(m, request);
    });
  }

  /** PSP-3: the secretariat accepts (or no longer accepts) several concordant documents for the nationality. */
  async setNationalityWaiver(id: string, dto: NationalityWaiverDto): Promise<PspRequestDto> {
    return this.db.transaction(async (m) => {
      const request = await this.requests.find(m, id, true);
      if (!isEditable(request.state) || request.state === 'DRAFT') {
        throw new ConflictException({
          statusCode: 409,
          message:
            'La décision sur les pièces ne peut être prise que sur une demande déposée et non encore examinée.',
        });
      }
      request.nationalityWaiverAccepted = dto.accepted;
      request.nationalityWaiverAt = this.clock.now();
      request.nationalityWaiverReasonEnc = this.crypto.encryptText(dto.reason.trim(), waiverAad(request.id));
      request.updatedAt = this.clock.now();
      await m.save(request);
      await this.audit.record(m, {
        action: 'psp_request.nationality_waiver',
        entityType: 'psp_request',
        entityId: request.id,
        details: { accepted: dto.accepted, reason: dto.reason.trim(), rule: 'PSP-3' },
      });
      await this.requests.refreshCompleteness(m, request);
      return this.requests.toDto(m, request);
    });
  }

  async withdraw(user: UserEntity, id: string, dto: WithdrawPspRequestDto): Promise<PspRequestDto> {
    return this.db.transaction(async (m) => {
      const request = await this.requests.find(m, id, true);
      this.requests.assertCanFile(user, request);
      request.withdrawnAt = this.clock.now();
      request.withdrawnReasonEnc = this.crypto.encryptText(dto.reason.trim(), withdrawnAad(request.id));
      await this.requests.applyEvent(m, request, 'WITHDRAW');
      return this.requests.toDto(m, request);
    });
  }
}
