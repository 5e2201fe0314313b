/** CONV-1: a convened member (or a suppléant for information) without an e-mail address gets a printed letter. */
export interface ConvocationLetterDto {
  memberId: string;
  name: string;
  /** MEMB-1: set when the letter is the copy of a suppléant, naming the titulaire. */
  forInformationOf: string | null;
  /** When the letter was last produced (downloaded) by the secretariat, from the audit trail. */
  producedAt: string | null;
}

/** Sending progress of a sitting's convocations, counted from the outbox. */
export interface ConvocationProgressDto {
  /** Messages of the last convocation still waiting for the relay. */
  queued: number;
  sent: number;
  failed: number;
  total: number;
  /** Members convened by letter (no e-mail address). */
  letters: number;
  done: boolean;
}

/** Produces the printed convocations: one member's letter, or all letters in one PDF when memberId is absent. */
export interface ProduceConvocationLettersDto {
  memberId?: string;
}
