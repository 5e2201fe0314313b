import type { AssociationDto, MemberCategoryDto, MemberDto, PageDto } from '@cdlp/shared';

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
