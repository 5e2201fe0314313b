import {
  CompletenessDto,
  PspDossierDto,
  PspRequestDto,
  PspRequestListItemDto,
  SupportingDocumentDto,
  allowedEvents,
  daysBetween,
  isAwaitingOpinion,
  parisDate,
} from '@cdlp/shared';
import { PspRequestEntity } from './psp-request.entity';

export function toListItem(r: PspRequestEntity, associationName: string, now: Date): PspRequestListItemDto {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    state: r.state,
    associationId: r.associationId,
    associationName,
    urgent: r.urgent,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    completedAt: r.completedAt?.toISOString() ?? null,
    // PSP-4: the key service measure, shown while the request waits for the commission.
    daysWaiting:
      r.completedAt && isAwaitingOpinion(r.state) ? daysBetween(parisDate(r.completedAt), parisDate(now)) : null,
    opinion: r.opinion,
    decision: r.decision,
    pathwayId: r.pathwayId,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toRequestDto(
  r: PspRequestEntity,
  ctx: {
    associationName: string;
    now: Date;
    dossier: PspDossierDto;
    documents: SupportingDocumentDto[];
    completeness: CompletenessDto;
    waiverReason: string | null;
    withdrawnReason: string | null;
  },
): PspRequestDto {
  return {
    ...toListItem(r, ctx.associationName, ctx.now),
    dossier: ctx.dossier,
    documents: ctx.documents,
    completeness: ctx.completeness,
    nationalityWaiver:
      r.nationalityWaiverAccepted !== null && r.nationalityWaiverAt
        ? { accepted: r.nationalityWaiverAccepted, reason: ctx.waiverReason ?? '', decidedAt: r.nationalityWaiverAt.toISOString() }
        : null,
    withdrawnReason: ctx.withdrawnReason,
    opinionAt: r.opinionAt?.toISOString() ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    allowedActions: allowedEvents(r.state),
  };
}
