import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  DecisionDto,
  DecisionProposalDto,
  OPINION_LABELS,
  PSP_REQUEST_KIND_LABELS,
  PrepareDecisionDto,
  SignedDocumentDto,
  afisMonthlyAmount,
  checkRenewal,
  formatDateFr,
  formatDateTimeFr,
  parisDate,
  periodEnd,
} from '@cdlp/shared';
import { SignatureStamp, renderDecisionPdf, renderMail } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { CryptoService } from '../core/crypto/crypto.service';
import { conflict, fieldError } from '../core/http/errors';
import { OutboxService } from '../core/outbox/outbox.service';
import { ParametersService } from '../core/parameters/parameters.service';
import { DocumentsService } from '../documents/documents.service';
import { PathwaysService } from '../pathways/pathways.service';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { AssociationEntity } from '../registry/association.entity';
import { DepartementEntity } from '../registry/departement.entity';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { SittingEntity } from '../sittings/sitting.entity';
import { DecisionEntity } from './decision.entity';
import { TenantDb } from '../core/database/tenant-db';

const reasonsAad = (id: string) => `decision:${id}:reasons`;

@Injectable()
export class DecisionsService {
  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly crypto: CryptoService,
    private readonly params: ParametersService,
    private readonly requests: PspRequestsService,
    private readonly pathways: PathwaysService,
    private readonly documents: DocumentsService,
  ) {}

  /** The decision of a request, and while none is prepared, a proposal pre-filled from the opinion (PSP-5). */
  async get(user: UserEntity, requestId: string): Promise<{ decision: DecisionDto | null; proposal: DecisionProposalDto | null }> {
    const request = await this.requests.find(this.db.manager, requestId);
    this.assertAccess(user, request);
    const decision = await this.db.getRepository(DecisionEntity).findOne({ where: { requestId } });
    if (decision) return { decision: await this.dto(this.db.manager, decision, request), proposal: null };
    if (request.state !== 'OPINION_GIVEN' || !request.opinion) return { decision: null, proposal: null };
    const favourable = request.opinion === 'FAVOURABLE';
    return {
      decision: null,
      proposal: {
        kind: favourable ? 'AUTHORISED' : 'REFUSED',
        reasons: favourable
          ? "que la personne, accompagnée par l'association agréée, a cessé l'activité de prostitution et s'engage dans le projet d'insertion sociale et professionnelle défini avec elle, et que la commission départementale a rendu un avis favorable ;"
          : 'que la commission départementale a rendu un avis défavorable, pour les motifs suivants : … ;',
        pathwayStartDate: favourable && request.kind === 'INITIAL' ? parisDate(this.clock.now()) : null,
      },
    };
  }

  /** PSP-5: the secretariat prepares the decision; the opinion pre-fills it but the préfet may depart from it. */
  async prepare(user: UserEntity, requestId: string, dto: PrepareDecisionDto): Promise<DecisionDto> {
    return this.db.transaction(async (m) => {
      const request = await this.requests.find(m, requestId, true);
      if (request.state !== 'OPINION_GIVEN') {
        throw conflict(`La décision se prépare après l'avis de la commission : la demande ${request.reference} n'est pas à ce stade.`);
      }
      if (request.kind === 'INITIAL' && dto.kind === 'AUTHORISED' && dto.pathwayStartDate && dto.pathwayStartDate < parisDate(request.opinionAt ?? this.clock.now())) {
        throw fieldError('pathwayStartDate', "Le parcours ne peut pas commencer avant l'avis de la commission.");
      }
      let startDate: string | null = dto.kind === 'AUTHORISED' && request.kind === 'INITIAL' ? (dto.pathwayStartDate ?? null) : null;
      if (dto.kind === 'AUTHORISED' && request.kind === 'INITIAL' && !startDate) {
        throw fieldError('pathwayStartDate', "Indiquez la date d'entrée dans le parcours.");
      }
      if (dto.kind === 'AUTHORISED' && request.kind === 'RENEWAL') {
        // PSP-6: the renewal period follows the current one and may not pass 24 months.
        const periods = await this.pathways.periods(m, request.pathwayId as string);
        const check = checkRenewal(periods, await this.pathways.limits(parisDate(this.clock.now()), m));
        if (!check.allowed) throw conflict(check.reason);
        startDate = check.next.startDate;
      }
      let decision = await m.getRepository(DecisionEntity).findOne({ where: { requestId }, lock: { mode: 'pessimistic_write' } });
      if (decision?.state === 'SIGNED') throw conflict('La décision est signée : elle ne peut plus être modifiée.');
      if (!decision) {
        decision = m.create(DecisionEntity, {
          requestId,
          kind: dto.kind,
          reasonsEnc: Buffer.alloc(0),
          pathwayStartDate: startDate,
          state: 'DRAFT',
          signedDocumentId: null,
          preparedBy: user.id,
          preparedAt: this.clock.now(),
          signedAt: null,
        });
        await m.save(decision);
      }
      decision.kind = dto.kind;
      decision.reasonsEnc = this.crypto.encryptText(dto.reasons.trim(), reasonsAad(decision.id));
      decision.pathwayStartDate = startDate;
      decision.preparedBy = user.id;
      decision.preparedAt = this.clock.now();
      await m.save(decision);
      await this.audit.record(m, { action: 'decision.prepared', entityType: 'psp_request', entityId: requestId, details: { decisionId: decision.id, kind: dto.kind } });
      return this.dto(m, decision, request);
    });
  }

  /** A preview of the letter, marked PROJET. */
  async previewPdf(user: UserEntity, requestId: string): Promise<Buffer> {
    const request = await this.requests.find(this.db.manager, requestId);
    this.assertAccess(user, request);
    const decision = await this.db.getRepository(DecisionEntity).findOne({ where: { requestId } });
    if (!decision) throw conflict("Aucune décision n'est préparée pour cette demande.");
    return this.render(this.db.manager, decision, request, decision.id, 1, null);
  }

  /**
   * PSP-5, SIG-1: the president signs. Signing records the decision on the request and,
   * for an authorisation, opens the pathway or adds its period (PSP-6), in one transaction.
   * The association is told by e-mail, with the pseudonymous reference only (DP-2).
   */
  async sign(user: UserEntity, requestId: string): Promise<DecisionDto> {
    if (user.role !== 'PRESIDENT') throw new ForbiddenException({ statusCode: 403, message: 'Seule la présidence signe les décisions (SIG-1).' });
    return this.db.transaction(async (m) => {
      const request = await this.requests.find(m, requestId, true);
      const decision = await m.getRepository(DecisionEntity).findOne({ where: { requestId }, lock: { mode: 'pessimistic_write' } });
      if (!decision) throw conflict("Aucune décision n'est préparée pour cette demande.");
      if (decision.state === 'SIGNED') throw conflict('La décision est déjà signée.');
      const signed = await this.documents.sign(m, {
        kind: 'DECISION',
        subjectId: request.id,
        title: `Décision du préfet — ${request.reference}`,
        signer: user,
        render: ({ documentId, version, stamp }) => this.render(m, decision, request, documentId, version, stamp),
      });
      await this.pathways.decide(m, request.id, decision.kind, decision.pathwayStartDate ?? undefined);
      decision.state = 'SIGNED';
      decision.signedDocumentId = signed.id;
      decision.signedAt = this.clock.now();
      await m.save(decision);
      const association = await m.getRepository(AssociationEntity).findOneOrFail({ where: { id: request.associationId } });
      const users = await m.getRepository(UserEntity).find({ where: { associationId: association.id, role: 'ASSOCIATION', active: true } });
      for (const recipient of new Set([association.email, ...users.map((u) => u.email)])) {
        await this.outbox.enqueue(m, {
          template: 'decision-signed',
          recipient,
          mail: renderMail(`Décision du préfet : demande ${request.reference}`, {
            paragraphs: [
              'Bonjour,',
              `Le préfet a signé sa décision sur la demande ${request.reference} le ${formatDateTimeFr(this.clock.now())}.`,
              'La lettre de décision, adressée à la personne par votre intermédiaire, est à télécharger sur le portail.',
            ],
            action: { label: 'Télécharger la décision', url: `${this.config.publicUrl}/demandes/${request.id}` },
          }),
          related: { type: 'psp_request', id: request.id },
        });
      }
      await this.audit.record(m, { action: 'decision.signed', entityType: 'psp_request', entityId: request.id, details: { decisionId: decision.id, kind: decision.kind, documentId: signed.id, rule: 'PSP-5' } });
      return this.dto(m, decision, await this.requests.find(m, requestId));
    });
  }

  async documentsOf(user: UserEntity, requestId: string): Promise<SignedDocumentDto[]> {
    const request = await this.requests.find(this.db.manager, requestId);
    this.assertAccess(user, request);
    return this.documents.list('DECISION', requestId);
  }

  private assertAccess(user: UserEntity, request: PspRequestEntity): void {
    this.documents.assertMayRead(user, 'DECISION', request.associationId);
  }

  private async dto(m: EntityManager, d: DecisionEntity, r: PspRequestEntity): Promise<DecisionDto> {
    const months = await this.params.get('pathway.period_months', parisDate(this.clock.now()), m);
    return {
      id: d.id,
      requestId: r.id,
      reference: r.reference,
      requestKind: r.kind,
      opinion: r.opinion,
      kind: d.kind,
      departsFromOpinion: r.opinion !== null && (r.opinion === 'FAVOURABLE') !== (d.kind === 'AUTHORISED'),
      reasons: d.reasonsEnc.length ? this.crypto.decryptText(d.reasonsEnc, reasonsAad(d.id)) : '',
      pathwayStartDate: d.pathwayStartDate,
      pathwayEndDate: d.pathwayStartDate ? periodEnd(d.pathwayStartDate, months) : null,
      state: d.state,
      signedDocumentId: d.signedDocumentId,
      preparedAt: d.preparedAt.toISOString(),
      signedAt: d.signedAt?.toISOString() ?? null,
    };
  }

  private async render(m: EntityManager, d: DecisionEntity, r: PspRequestEntity, documentId: string, version: number, stamp: SignatureStamp | null): Promise<Buffer> {
    const dossier = this.requests.dossier(r);
    const association = await m.getRepository(AssociationEntity).findOneOrFail({ where: { id: r.associationId } });
    const departement = await m.getRepository(DepartementEntity).findOneOrFail({ where: { code: r.departementCode } });
    const item = await m.getRepository(AgendaItemEntity).findOne({ where: { requestId: r.id, voteState: 'CLOSED' } });
    const sitting = item ? await m.getRepository(SittingEntity).findOne({ where: { id: item.sittingId } }) : null;
    const today = parisDate(this.clock.now());
    const months = await this.params.get('pathway.period_months', today, m);
    const afis = afisMonthlyAmount(
      await this.params.get('afis.monthly_base', today, m),
      await this.params.get('afis.per_child', today, m),
      dossier.childrenCount ?? 0,
    );
    return renderDecisionPdf({
      documentId,
      version,
      authority: `Préfecture de la ${departement.name}`,
      departementName: departement.name,
      reference: r.reference,
      requestKindLabel: PSP_REQUEST_KIND_LABELS[r.kind],
      kind: d.kind,
      person: {
        fullName: [dossier.firstName, dossier.usedName ?? dossier.lastName].filter(Boolean).join(' ') || r.reference,
        birthDate: dossier.birthDate ? formatDateFr(dossier.birthDate) : null,
        nationality: dossier.nationality ?? null,
      },
      associationName: association.name,
      associationAddress: association.address,
      opinionLabel: r.opinion ? OPINION_LABELS[r.opinion] : null,
      opinionDate: r.opinionAt ? formatDateFr(parisDate(r.opinionAt)) : null,
      sittingLabel: sitting ? `séance n° ${sitting.number}` : null,
      departsFromOpinion: r.opinion !== null && (r.opinion === 'FAVOURABLE') !== (d.kind === 'AUTHORISED'),
      reasons: d.reasonsEnc.length ? this.crypto.decryptText(d.reasonsEnc, reasonsAad(d.id)) : '',
      pathway:
        d.kind === 'AUTHORISED' && d.pathwayStartDate
          ? { startDate: formatDateFr(d.pathwayStartDate), endDate: formatDateFr(periodEnd(d.pathwayStartDate, months)), periodLabel: `période de ${months} mois` }
          : null,
      afisMonthly: d.kind === 'AUTHORISED' ? afis : null,
      foreigner: dossier.foreigner === true,
      stamp,
      placeDate: `${departement.prefecture}, le ${formatDateFr(today)}`,
      generatedAt: this.clock.now(),
    });
  }
}
