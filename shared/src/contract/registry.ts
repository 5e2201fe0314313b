/** COMP-2: a titulaire sits with full rights; a suppléant replaces a titulaire. */
export const SEATS = ['TITULAIRE', 'SUPPLEANT'] as const;
export type Seat = (typeof SEATS)[number];

/** MEMB-1 (CRPA R133-3): how a member was appointed decides who may replace them. */
export const APPOINTMENT_KINDS = ['EX_OFFICIO', 'ELECTED', 'QUALIFIED_PERSON', 'REPRESENTATIVE'] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export const APPOINTMENT_KIND_LABELS: Record<AppointmentKind, string> = {
  EX_OFFICIO: 'Membre de droit (en raison de ses fonctions)',
  ELECTED: 'Élu',
  QUALIFIED_PERSON: 'Personnalité qualifiée',
  REPRESENTATIVE: "Représentant d'un organisme",
};

export const CIVILITIES = ['MME', 'M'] as const;
export type Civility = (typeof CIVILITIES)[number];
export const CIVILITY_LABELS: Record<Civility, string> = { MME: 'Mme', M: 'M.' };

export interface DepartementDto {
  code: string;
  name: string;
  prefecture: string;
}

export interface MemberCategoryDto {
  code: string;
  label: string;
  /** COMP-3: members of this category do not sit on individual PSP examinations by default. */
  excludedFromPspByDefault: boolean;
  validFrom: string;
  validTo: string | null;
}

export interface MemberDto {
  id: string;
  departementCode: string;
  civility: Civility;
  firstName: string;
  lastName: string;
  categoryCode: string;
  categoryLabel: string;
  organisation: string;
  function: string;
  /** null: no e-mail address, convocations are printed as a letter. */
  email: string | null;
  postalAddress: string | null;
  phone: string | null;
  appointingOrderRef: string;
  termStart: string;
  termEnd: string | null;
  votingRight: boolean;
  seat: Seat;
  appointmentKind: AppointmentKind;
  titulaireId: string | null;
  titulaireName: string | null;
  substituteIds: string[];
  excludedFromPsp: boolean;
  /** COMP-4: the approved association this member represents (recused from its dossiers). */
  associationId: string | null;
  associationName: string | null;
  endedAt: string | null;
  endReason: string | null;
  active: boolean;
}

export interface PageDto<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CreateMemberDto {
  civility: Civility;
  firstName: string;
  lastName: string;
  categoryCode: string;
  organisation: string;
  function: string;
  /** Optional: without an address, convocations are printed as a letter (blank is stored as null). */
  email?: string | null;
  postalAddress?: string | null;
  phone?: string | null;
  appointingOrderRef: string;
  termStart: string;
  termEnd?: string | null;
  votingRight: boolean;
  seat: Seat;
  appointmentKind: AppointmentKind;
  titulaireId?: string | null;
  excludedFromPsp?: boolean;

  /** COMP-4: an association of the member's département; absent from an update, it is kept. */
  associationId?: string | null;
}

export type UpdateMemberDto = CreateMemberDto;

export interface EndMandateDto {
  endDate: string;
  reason: string;
}

export interface AssociationDto {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  approvalOrderRef: string;
  approvalStart: string;
  /** PSP-2: the approval lasts 3 years from its start. */
  approvalEnd: string;
  departementCodes: string[];
  approvalValidToday: boolean;
  endedAt: string | null;
  endReason: string | null;
  active: boolean;
}

export interface CreateAssociationDto {
  name: string;
  email: string;
  phone?: string | null;
  address?: string | null;
  approvalOrderRef: string;
  approvalStart: string;
  departementCodes: string[];
}

export type UpdateAssociationDto = CreateAssociationDto;

export type EndAssociationDto = EndMandateDto;

export interface ImportLineError {
  line: number;
  field: string | null;
  message: string;
}

export interface ImportResultDto {
  imported: number;
  errors: ImportLineError[];
}
