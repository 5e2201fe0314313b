import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  compareFr,
  MinutesDto,
  MinutesItemDto,
  MinutesMemberLine,
  OPINION_LABELS,
  SITTING_KIND_LABELS,
  SITTING_MODE_LABELS,
  ValidityCheckDto,
  checkConvocationDelay,
  checkMinutesValidity,
  formatDateTimeFr,
  parisDate,
  substituteOfText,
} from '@cdlp/shared';
import { SignatureStamp, renderMinutesPdf } from '@cdlp/templates';
import { ParametersService } from '../core/parameters/parameters.service';
import {
  BallotEntity,
  DissentEntity,
  InterestDeclarationEntity,
} from '../deliberation/deliberation.entities';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { AssociationEntity } from '../registry/association.entity';
import { DepartementEntity } from '../registry/departement.entity';
import { MemberEntity } from '../registry/member.entity';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { SittingMemberEntity } from '../sittings/sitting-member.entity';
import { SittingViewService, memberName } from '../sittings/sitting-view.service';
import { SittingEntity } from '../sittings/sitting.entity';
import { MinutesEntity } from './minutes.entity';

/** PV-1: the procès-verbal computed from the records of the sitting (nothing is retyped), and its PDF. */
@Injectable()
export class MinutesBuilder {
  constructor(
    private readonly params: ParametersService,
    private readonly view: SittingViewService,
    private readonly requests: PspRequestsService,
  ) {}

  /** Everything computed from the records (PV-1): nothing is retyped. */
  async build(m: EntityManager, sitting: SittingEntity, minutes: MinutesEntity): Promise<MinutesDto> {
    const departement = await m
      .getRepository(DepartementEntity)
      .findOneOrFail({ where: { code: sitting.departementCode } });
    const rows = await m.getRepository(SittingMemberEntity).find({ where: { sittingId: sitting.id } });
    const ids = new Set<string>();
    for (const r of rows) {
      ids.add(r.memberId);
      if (r.substituteId) ids.add(r.substituteId);
      if (r.mandateHolderId) ids.add(r.mandateHolderId);
    }
    if (sitting.chairMemberId) ids.add(sitting.chairMemberId);
    const members = ids.size ? await m.getRepository(MemberEntity).find({ where: { id: In([...ids]) } }) : [];
    const byId = new Map(members.map((x) => [x.id, x] as const));
    const line = (id: string, detail: string | null = null): MinutesMemberLine => {
      const x = byId.get(id);
      return { name: x ? memberName(x) : '', quality: x ? `${x.function}, ${x.organisation}` : '', detail };
    };
    const convened = rows.filter((r) => r.convened);
    const presence = (r: SittingMemberEntity) =>
      sitting.mode === 'WRITTEN'
        ? r.lastActivityAt
          ? 'REMOTE'
          : 'ABSENT'
        : (r.confirmedPresence ?? 'ABSENT');
    const sorted = (xs: MinutesMemberLine[]) => xs.sort((a, b) => compareFr(a.name, b.name));
    const present = sorted(convened.filter((r) => presence(r) === 'PRESENT').map((r) => line(r.memberId)));
    const remote = sorted(convened.filter((r) => presence(r) === 'REMOTE').map((r) => line(r.memberId)));
    // PV-1 / MEMB-1: « M. Bruno Lacroix, Conseiller municipal, Ville de Poitiers — suppléant de Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers ».
    const substituteOf = (r: SittingMemberEntity) => {
      const sub = byId.get(r.substituteId as string);
      const titulaire = line(r.memberId);
      return substituteOfText(sub?.civility ?? 'M', titulaire.name, titulaire.quality);
    };
    const substitutes = sorted(
      convened
        .filter((r) => presence(r) === 'ABSENT' && r.substituteId)
        .map((r) => line(r.substituteId as string, substituteOf(r))),
    );
    const represented = sorted(
      convened
        .filter(
          (r) => presence(r) === 'ABSENT' && !r.substituteId && r.answer === 'MANDATE' && r.mandateHolderId,
        )
        .map((r) => line(r.memberId, `représenté(e) par ${line(r.mandateHolderId as string).name} (mandat)`)),
    );
    const excused = sorted(
      convened
        .filter(
          (r) =>
            presence(r) === 'ABSENT' && !r.substituteId && !(r.answer === 'MANDATE' && r.mandateHolderId),
        )
        .map((r) => line(r.memberId)),
    );

    const quorum = await this.view.quorum(m, sitting);
    const minDays = await this.params.get('convocation.min_days', parisDate(sitting.startsAt), m);
    const reference = sitting.mode === 'WRITTEN' && sitting.opensAt ? sitting.opensAt : sitting.startsAt;
    const delay = sitting.convokedAt ? checkConvocationDelay(sitting.convokedAt, reference, minDays) : null;
    let secondConvocationText: string | null = null;
    if (sitting.secondConvocationOf) {
      const first = await m
        .getRepository(SittingEntity)
        .findOneOrFail({ where: { id: sitting.secondConvocationOf } });
      secondConvocationText = `Seconde convocation : le quorum n'ayant pas été atteint lors de la séance n° ${first.number} du ${formatDateTimeFr(first.startsAt)}, la commission a délibéré valablement sans condition de quorum, sur le même ordre du jour (QUOR-2).`;
    }

    // PV-1: every deliberation is reported with its counts, including a vote that adopted no
    // opinion: closing the sitting takes such a request off the agenda (to be scheduled again),
    // but its deliberation took place. Items removed without a vote were not treated.
    const items = (
      await m
        .getRepository(AgendaItemEntity)
        .find({ where: { sittingId: sitting.id }, order: { position: 'ASC', createdAt: 'ASC' } })
    ).filter((i) => i.removedAt === null || i.voteState === 'CLOSED');
    const requestIds = items.map((i) => i.requestId).filter((x): x is string => !!x);
    const requests = requestIds.length
      ? await m.getRepository(PspRequestEntity).find({ where: { id: In(requestIds) } })
      : [];
    const assos = requests.length
      ? await m
          .getRepository(AssociationEntity)
          .find({ where: { id: In(requests.map((r) => r.associationId)) } })
      : [];
    const itemIds = items.map((i) => i.id);
    const recusals = itemIds.length
      ? await m.getRepository(InterestDeclarationEntity).find({ where: { agendaItemId: In(itemIds) } })
      : [];
    const dissents = itemIds.length
      ? await m.getRepository(DissentEntity).find({ where: { agendaItemId: In(itemIds) } })
      : [];
    const ballots = itemIds.length
      ? await m.getRepository(BallotEntity).find({ where: { agendaItemId: In(itemIds) } })
      : [];
    const extra = [
      ...new Set([
        ...recusals.map((r) => r.memberId),
        ...dissents.map((d) => d.memberId),
        ...ballots.map((b) => b.voterMemberId),
      ]),
    ].filter((x) => !byId.has(x));
    if (extra.length)
      for (const x of await m.getRepository(MemberEntity).find({ where: { id: In(extra) } }))
        byId.set(x.id, x);
    const name = (id: string) => line(id).name;
    // PV-1 / MEMB-1: a suppléant's dissent is printed as theirs, saying for whom they sat.
    const dissentAuthor = (id: string) => {
      const seat = convened.find((r) => r.substituteId === id && presence(r) === 'ABSENT');
      const author = byId.get(id);
      return seat && author
        ? `${name(id)} (${substituteOfText(author.civility, name(seat.memberId))})`
        : name(id);
    };

    const itemDtos: MinutesItemDto[] = items.map((i) => {
      const r = requests.find((x) => x.id === i.requestId);
      const asso = r ? assos.find((a) => a.id === r.associationId) : undefined;
      const dossier = r ? this.requests.dossier(r) : null;
      return {
        itemId: i.id,
        position: i.position,
        kind: i.kind,
        title: r
          ? `Demande ${r.kind === 'RENEWAL' ? 'de renouvellement' : 'initiale'} de parcours de sortie ${r.reference}`
          : i.title,
        reference: r?.reference ?? null,
        associationName: asso?.name ?? null,
        associationOpinion: dossier?.associationOpinion
          ? OPINION_LABELS[dossier.associationOpinion].replace('Avis ', '')
          : null,
        recusals: recusals
          .filter((x) => x.agendaItemId === i.id)
          .map((x) => `${name(x.memberId)} (${x.reason})`),
        resultText: i.result?.text ?? null,
        opinion: i.opinion,
        dissents: dissents
          .filter((d) => d.agendaItemId === i.id)
          .map((d) => `${dissentAuthor(d.memberId)} : ${d.text}`),
        summary: i.summary,
        discussionNotes: i.discussionNotes,
      };
    });

    // The validity section (PV-1), rule by rule.
    const recusedVoted: { item: string; name: string }[] = [];
    const excludedVoted: { item: string; name: string }[] = [];
    for (const b of ballots) {
      const item = items.find((i) => i.id === b.agendaItemId) as AgendaItemEntity;
      if (
        recusals.some(
          (r) =>
            r.agendaItemId === b.agendaItemId &&
            (r.memberId === b.voterMemberId || r.memberId === b.representedMemberId),
        )
      ) {
        recusedVoted.push({ item: item.title, name: name(b.voterMemberId) });
      }
      const row = rows.find((x) => x.memberId === b.representedMemberId);
      if (item.kind === 'PSP_REQUEST' && row?.excludedFromPsp)
        excludedVoted.push({ item: item.title, name: name(b.voterMemberId) });
    }
    const holders = new Map<string, number>();
    for (const r of convened.filter((x) => x.answer === 'MANDATE' && x.mandateHolderId))
      holders.set(r.mandateHolderId as string, (holders.get(r.mandateHolderId as string) ?? 0) + 1);
    const checks = checkMinutesValidity({
      convocationDays: delay?.days ?? null,
      convocationDate: sitting.convokedAt ? formatDateTimeFr(sitting.convokedAt) : null,
      minimumDays: minDays,
      urgencyReason: sitting.urgent ? sitting.urgencyReason : null,
      quorumRule: quorum.rule,
      quorumReached: quorum.reached,
      quorumText: quorum.text,
      holdersWithSeveralMandates: [...holders.entries()].filter(([, n]) => n > 1).map(([id]) => name(id)),
      recusedWhoVoted: recusedVoted,
      excludedWhoVoted: excludedVoted,
      itemsWithoutResult: items
        .filter((i) => i.voteState !== 'CLOSED' && (i.kind === 'PSP_REQUEST' || i.voteState === 'OPEN'))
        .map((i) => i.title),
      incompleteRequests: [],
    });
    const validity: ValidityCheckDto[] = checks.map((c) => ({
      ...c,
      justification: minutes.justifications[c.rule] ?? null,
    }));
    const chair = sitting.chairMemberId ? byId.get(sitting.chairMemberId) : undefined;
    return {
      sittingId: sitting.id,
      sittingNumber: sitting.number,
      state: minutes.state,
      version: minutes.version,
      heading: {
        authority: `Préfecture de la ${departement.name}`,
        commission: `Commission départementale de lutte contre la prostitution, le proxénétisme et la traite des êtres humains aux fins d'exploitation sexuelle — ${departement.name} (${departement.code})`,
        dateLabel: formatDateTimeFr(sitting.startsAt),
        place: sitting.place,
        modeLabel: SITTING_MODE_LABELS[sitting.mode],
        kindLabel: SITTING_KIND_LABELS[sitting.kind],
      },
      chair: chair
        ? `${memberName(chair)}${sitting.chairDelegation ? `, ${sitting.chairDelegation}` : ''}`
        : null,
      present,
      remote,
      represented,
      excused,
      substitutes,
      quorumText: `${quorum.text} (${quorum.rule}).`,
      secondConvocationText,
      convocationText: sitting.convokedAt
        ? `Convocation adressée le ${formatDateTimeFr(sitting.convokedAt)}, ${delay?.days ?? 0} jour(s) avant la séance (CONV-2).`
        : "Aucune convocation n'a été adressée par le portail.",
      urgencyReason: sitting.urgent ? sitting.urgencyReason : null,
      introduction: minutes.introduction,
      items: itemDtos,
      validity,
      canSign: minutes.state === 'DRAFT' && validity.every((v) => v.ok || v.justification),
      signedDocumentId: minutes.signedDocumentId,
      updatedAt: minutes.updatedAt.toISOString(),
    };
  }

  render(dto: MinutesDto, documentId: string, stamp: SignatureStamp | null, at: Date): Promise<Buffer> {
    return renderMinutesPdf({
      documentId,
      version: dto.version,
      authority: dto.heading.authority,
      commission: dto.heading.commission,
      sittingNumber: dto.sittingNumber,
      kindLabel: dto.heading.kindLabel,
      modeLabel: dto.heading.modeLabel,
      dateLabel: dto.heading.dateLabel,
      place: dto.heading.place,
      chair: dto.chair,
      present: dto.present,
      remote: dto.remote,
      represented: dto.represented,
      substitutes: dto.substitutes,
      excused: dto.excused,
      quorumText: dto.quorumText,
      secondConvocationText: dto.secondConvocationText,
      convocationText: dto.convocationText,
      urgencyReason: dto.urgencyReason,
      introduction: dto.introduction,
      items: dto.items,
      validity: dto.validity,
      stamp,
      generatedAt: at,
    });
  }
}
