import { AssociationDto, MemberDto, parisDate } from '@cdlp/shared';
import { AssociationEntity } from './association.entity';
import { MemberEntity } from './member.entity';

export function toMemberDto(
  m: MemberEntity,
  ctx: {
    categoryLabel: string;
    titulaireName: string | null;
    substituteIds: string[];
    associationName: string | null;
    today: string;
  },
): MemberDto {
  return {
    id: m.id,
    departementCode: m.departementCode,
    civility: m.civility,
    firstName: m.firstName,
    lastName: m.lastName,
    categoryCode: m.categoryCode,
    categoryLabel: ctx.categoryLabel,
    organisation: m.organisation,
    function: m.function,
    email: m.email,
    postalAddress: m.postalAddress,
    phone: m.phone,
    appointingOrderRef: m.appointingOrderRef,
    termStart: m.termStart,
    termEnd: m.termEnd,
    votingRight: m.votingRight,
    seat: m.seat,
    appointmentKind: m.appointmentKind,
    titulaireId: m.titulaireId,
    titulaireName: ctx.titulaireName,
    substituteIds: ctx.substituteIds,
    excludedFromPsp: m.excludedFromPsp,
    associationId: m.associationId,
    associationName: ctx.associationName,
    endedAt: m.endedAt,
    endReason: m.endReason,
    active: isActive(m.endedAt, m.termEnd, ctx.today),
  };
}

export function isActive(endedAt: string | null, termEnd: string | null, today: string): boolean {
  return (endedAt === null || endedAt > today) && (termEnd === null || termEnd >= today);
}

export function toAssociationDto(a: AssociationEntity, now: Date): AssociationDto {
  const today = parisDate(now);
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    phone: a.phone,
    address: a.address,
    approvalOrderRef: a.approvalOrderRef,
    approvalStart: a.approvalStart,
    approvalEnd: a.approvalEnd,
    departementCodes: a.departementCodes,
    approvalValidToday:
      (a.endedAt === null || a.endedAt > today) && a.approvalStart <= today && a.approvalEnd >= today,
    endedAt: a.endedAt,
    endReason: a.endReason,
    active: a.endedAt === null || a.endedAt > today,
  };
}
