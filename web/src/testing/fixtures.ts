import type {
  AgendaItemDto,
  AssociationDto,
  ChecklistItemDto,
  ConvenedMemberDto,
  DeliberationDto,
  ItemVotingDto,
  MemberCategoryDto,
  MemberDto,
  OutboxMessageDto,
  PageDto,
  PathwayDto,
  PspRequestDto,
  PspRequestListItemDto,
  SittingDto,
  SittingListItemDto,
} from '@cdlp/shared';

export const CATEGORIES: MemberCategoryDto[] = [
  {
    code: 'ETAT',
    label: "Représentants des services de l'État",
    excludedFromPspByDefault: false,
    validFrom: '2016-04-13',
    validTo: null,
  },
  {
    code: 'JUSTICE',
    label: 'Magistrats',
    excludedFromPspByDefault: true,
    validFrom: '2016-04-13',
    validTo: null,
  },
];

export function member(overrides: Partial<MemberDto> = {}): MemberDto {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    departementCode: '33',
    civility: 'MME',
    firstName: 'Claire',
    lastName: 'Dubois',
    categoryCode: 'ETAT',
    categoryLabel: "Représentants des services de l'État",
    organisation: 'DDETS de la Gironde',
    function: 'Directrice',
    email: 'claire.dubois@example.gouv.fr',
    phone: null,
    appointingOrderRef: 'AP 2026-001',
    termStart: '2026-01-15',
    termEnd: '2029-01-14',
    votingRight: true,
    seat: 'TITULAIRE',
    appointmentKind: 'EX_OFFICIO',
    titulaireId: null,
    titulaireName: null,
    substituteIds: [],
    excludedFromPsp: false,
    endedAt: null,
    endReason: null,
    active: true,
    ...overrides,
  };
}

export function association(overrides: Partial<AssociationDto> = {}): AssociationDto {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    name: 'Association Le Nid',
    email: 'contact@lenid.example.org',
    phone: null,
    address: null,
    approvalOrderRef: 'AP 2025-100',
    approvalStart: '2025-03-01',
    approvalEnd: '2028-02-29',
    departementCodes: ['33'],
    approvalValidToday: true,
    endedAt: null,
    endReason: null,
    active: true,
    ...overrides,
  };
}

export function page<T>(items: T[], total = items.length, pageNumber = 1, pageSize = 20): PageDto<T> {
  return { items, total, page: pageNumber, pageSize };
}

export const REQUEST_ID = '22222222-aaaa-4aaa-8aaa-222222222222';
export const SITTING_ID = '33333333-bbbb-4bbb-8bbb-333333333333';

export function pspListItem(overrides: Partial<PspRequestListItemDto> = {}): PspRequestListItemDto {
  return {
    id: REQUEST_ID,
    reference: 'PSP-33-2026-0001',
    kind: 'INITIAL',
    state: 'COMPLETE',
    associationId: '22222222-2222-4222-8222-222222222222',
    associationName: 'Association Le Nid',
    urgent: false,
    submittedAt: '2026-03-01T09:00:00Z',
    completedAt: '2026-03-02T09:00:00Z',
    daysWaiting: 5,
    opinion: null,
    decision: null,
    pathwayId: null,
    updatedAt: '2026-03-02T09:00:00Z',
    ...overrides,
  };
}

/** The 3 first pieces of the initial checklist, enough for the tests. */
export const CHECKLIST: ChecklistItemDto[] = [
  {
    id: 'c1',
    kind: 'INITIAL',
    code: 'ATTESTATION_ARRET',
    label: "Attestation sur l'honneur d'arrêt de l'activité de prostitution",
    required: true,
    oneOf: [],
    maxAgeMonths: null,
    expiredNeedsSecondDocument: false,
    neverRequiredReason: null,
    alternative: null,
    sortOrder: 1,
    validFrom: '2016-04-13',
    validTo: null,
  },
  {
    id: 'c2',
    kind: 'INITIAL',
    code: 'NATIONALITE',
    label: 'Justificatif de nationalité',
    required: true,
    oneOf: ['PASSEPORT', 'CARTE_IDENTITE'],
    maxAgeMonths: null,
    expiredNeedsSecondDocument: true,
    neverRequiredReason: null,
    alternative: 'plusieurs documents concordants acceptés par le secrétariat, avec motif',
    sortOrder: 2,
    validFrom: '2016-04-13',
    validTo: null,
  },
  {
    id: 'c3',
    kind: 'INITIAL',
    code: 'PLAINTE',
    label: 'Dépôt de plainte ou témoignage',
    required: false,
    oneOf: [],
    maxAgeMonths: null,
    expiredNeedsSecondDocument: false,
    neverRequiredReason: "Conseil d'État, 19 novembre 2021, n° 440802",
    alternative: null,
    sortOrder: 3,
    validFrom: '2016-04-13',
    validTo: null,
  },
];

export function pspRequest(overrides: Partial<PspRequestDto> = {}): PspRequestDto {
  return {
    ...pspListItem({ state: 'INCOMPLETE', completedAt: null, daysWaiting: null }),
    dossier: {
      lastName: 'Okafor',
      firstName: 'Joy',
      birthDate: '1999-09-03',
      nationality: 'Nigériane',
      nationalityGroup: 'AFRIQUE',
      foreigner: true,
      housing: 'HEBERGEMENT_URGENCE',
      administrativeStatus: 'SANS_TITRE',
      supportPlan: [
        { pillar: 'SANTE', plannedActions: 'Suivi médical.', commitments: 'Aller aux rendez-vous.' },
      ],
      evaluation: 'La personne adhère au projet.',
      associationOpinion: 'FAVOURABLE',
    },
    documents: [
      {
        id: 'd1',
        itemCode: 'NATIONALITE',
        docType: 'PASSEPORT',
        filename: 'passeport.png',
        contentType: 'image/png',
        size: 2048,
        issueDate: '2023-03-01',
        expiryDate: '2030-03-01',
        uploadedAt: '2026-03-01T10:00:00Z',
      },
    ],
    completeness: {
      complete: false,
      referenceDate: '2026-03-01',
      items: [
        {
          code: 'ATTESTATION_ARRET',
          label: "Attestation sur l'honneur d'arrêt de l'activité de prostitution",
          required: true,
          status: 'MISSING',
          message: "Pièce manquante : Attestation sur l'honneur d'arrêt de l'activité de prostitution.",
          rule: 'PSP-3',
        },
        {
          code: 'NATIONALITE',
          label: 'Justificatif de nationalité',
          required: true,
          status: 'PRESENT',
          message: null,
          rule: 'PSP-3',
        },
        {
          code: 'PLAINTE',
          label: 'Dépôt de plainte ou témoignage',
          required: false,
          status: 'OPTIONAL',
          message: null,
          rule: 'PSP-3b',
        },
      ],
      missingDossierFields: [],
    },
    nationalityWaiver: null,
    withdrawnReason: null,
    opinionAt: null,
    decidedAt: null,
    allowedActions: ['MARK_COMPLETE', 'WITHDRAW'],
    ...overrides,
  };
}

export function pathway(overrides: Partial<PathwayDto> = {}): PathwayDto {
  return {
    id: '44444444-cccc-4ccc-8ccc-444444444444',
    reference: 'PSP-33-2025-0010',
    associationId: '22222222-2222-4222-8222-222222222222',
    associationName: 'Association Le Nid',
    state: 'ACTIVE',
    startDate: '2025-01-01',
    currentPeriodEnd: '2026-06-30',
    totalMonths: 18,
    remainingMonths: 6,
    canRenew: true,
    renewalBlockedReason: null,
    periods: [
      { index: 1, startDate: '2025-01-01', endDate: '2025-06-30', requestReference: 'PSP-33-2025-0010' },
      { index: 2, startDate: '2025-07-01', endDate: '2025-12-31', requestReference: 'PSP-33-2025-0020' },
      { index: 3, startDate: '2026-01-01', endDate: '2026-06-30', requestReference: 'PSP-33-2025-0030' },
    ],
    foreigner: true,
    residencePermitStatus: 'GRANTED',
    residencePermitValidUntil: '2026-07-31',
    afisMonthlyAmount: 449.28,
    endReason: null,
    endEffectiveDate: null,
    endComment: null,
    daysToPeriodEnd: 40,
    pendingRenewalRequestId: null,
    ...overrides,
  };
}

export function sittingListItem(overrides: Partial<SittingListItemDto> = {}): SittingListItemDto {
  return {
    id: SITTING_ID,
    number: '2026-04',
    kind: 'EXAMINATION',
    mode: 'IN_PERSON',
    state: 'PLANNED',
    startsAt: '2026-03-10T13:00:00Z',
    place: 'Préfecture',
    title: null,
    itemCount: 2,
    secondConvocationOfId: null,
    ...overrides,
  };
}

export function agendaItem(overrides: Partial<AgendaItemDto> = {}): AgendaItemDto {
  return {
    id: 'i1',
    position: 1,
    kind: 'PSP_REQUEST',
    requestId: REQUEST_ID,
    reference: 'PSP-33-2026-0007',
    requestKind: 'INITIAL',
    associationName: 'Association Le Nid',
    urgent: false,
    completedAt: '2026-02-01T10:00:00Z',
    title: 'PSP-33-2026-0007',
    presenter: null,
    documents: [],
    removed: false,
    removedReason: null,
    ...overrides,
  };
}

export function convenedMember(overrides: Partial<ConvenedMemberDto> = {}): ConvenedMemberDto {
  return {
    memberId: 'm1',
    name: 'Mme Claire Dubois',
    quality: 'Directrice, DDETS',
    categoryLabel: "Services de l'État",
    seat: 'TITULAIRE',
    excludedFromPsp: false,
    answer: null,
    mandateHolderId: null,
    mandateHolderName: null,
    confirmedPresence: null,
    substituteId: null,
    substituteName: null,
    convocationStatus: null,
    convocationError: null,
    convocationMessageId: null,
    ...overrides,
  };
}

export function sitting(overrides: Partial<SittingDto> = {}): SittingDto {
  return {
    ...sittingListItem(),
    videoLink: null,
    opensAt: null,
    earliestCloseAt: null,
    convokedAt: null,
    urgent: false,
    urgencyReason: null,
    agendaLocked: false,
    agenda: [
      agendaItem(),
      agendaItem({
        id: 'i2',
        position: 2,
        requestId: 'r2',
        reference: 'PSP-33-2026-0008',
        title: 'PSP-33-2026-0008',
      }),
    ],
    members: [
      convenedMember(),
      convenedMember({ memberId: 'm2', name: 'M. Paul Martin', quality: 'Commissaire, police' }),
      convenedMember({ memberId: 'm3', name: 'Mme Inès Roy', quality: 'Juriste, CIDFF' }),
    ],
    quorum: {
      rule: 'QUOR-1',
      base: 3,
      required: 2,
      present: 0,
      remote: 0,
      represented: 0,
      counted: 0,
      reached: false,
      text: '0 membre présent ou représenté sur 3 : quorum non atteint (2 requis)',
    },
    secondConvocationId: null,
    convocationOnTime: true,
    myMemberId: null,
    agendaChangedSinceConvocation: false,
    ...overrides,
  };
}

export function itemVoting(overrides: Partial<ItemVotingDto> = {}): ItemVotingDto {
  return {
    itemId: 'i1',
    voteState: 'NOT_OPENED',
    openedAt: null,
    closedAt: null,
    voters: null,
    eligibleCount: 3,
    votedCount: 0,
    recusals: [],
    dissents: [],
    result: null,
    mySeats: [],
    iAmRecused: false,
    notVoted: null,
    ...overrides,
  };
}

export function deliberation(overrides: Partial<DeliberationDto> = {}): DeliberationDto {
  return {
    sittingId: SITTING_ID,
    chairName: 'Mme Claire Dubois',
    chairDelegation: 'Préfète, présidence de droit',
    abstentionRule: 'EXCLUDED',
    items: [itemVoting(), itemVoting({ itemId: 'i2' })],
    comments: [],
    physicalRequestsAllowed: false,
    ...overrides,
  };
}

export function outboxMessage(overrides: Partial<OutboxMessageDto> = {}): OutboxMessageDto {
  return {
    id: '55555555-dddd-4ddd-8ddd-555555555555',
    template: 'sitting-convocation',
    recipient: 'claire.dubois@example.gouv.fr',
    subject: 'Convocation : séance n° 2026-04',
    status: 'FAILED',
    attempts: 3,
    lastError: 'Connection refused',
    nextAttemptAt: '2026-03-01T10:00:00Z',
    createdAt: '2026-03-01T09:00:00Z',
    sentAt: null,
    relatedType: 'sitting',
    relatedId: SITTING_ID,
    attachments: [{ filename: 'ordre-du-jour.pdf', contentType: 'application/pdf' }],
    textBody: 'Bonjour,\nVous êtes convoquée.',
    htmlBody: '<p>Bonjour, <strong>vous êtes convoquée</strong>.</p><script>alert(1)</script>',
    ...overrides,
  };
}
