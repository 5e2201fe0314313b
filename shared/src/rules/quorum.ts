/**
 * QUOR-1: at least half of the members composing the commission are present (in
 * person or by audio/video conference) or have given a mandate.
 * MAND-1: a mandate counts only when its holder is present; nobody holds more than one.
 * MEMB-1: a titulaire replaced by a suppléant who sits counts as present.
 * QUOR-2: a second convocation on the same agenda deliberates without quorum.
 * QUOR-3: whether excluded members leave the base is a setting (default: full composition).
 * REM-2: a remote deliberation is valid only if at least half of the members took part.
 */
export interface QuorumMember {
  id: string;
  /** COMP-3: excluded from individual PSP examinations. */
  excluded: boolean;
  presence: 'PRESENT' | 'REMOTE' | 'ABSENT';
  /** A suppléant sits in place of this (absent) titulaire. */
  substitutedBySittingSubstitute: boolean;
  /** The member to whom this member gave a mandate. */
  mandateHolderId: string | null;
}

export interface QuorumOptions {
  secondConvocation: boolean;
  /** QUOR-3: leave excluded (COMP-3) members out of the base. */
  excludeExcludedFromBase: boolean;
  /** REM-2: a written (or fully remote) deliberation counts participation. */
  remoteDeliberation: boolean;
}

export interface QuorumResult {
  rule: 'QUOR-1' | 'QUOR-2' | 'REM-2';
  base: number;
  required: number;
  present: number;
  remote: number;
  represented: number;
  counted: number;
  reached: boolean;
  text: string;
}

export function computeQuorum(members: readonly QuorumMember[], opts: QuorumOptions): QuorumResult {
  const composition = opts.excludeExcludedFromBase ? members.filter((m) => !m.excluded) : [...members];
  const byId = new Map(composition.map((m) => [m.id, m]));
  const sits = (m: QuorumMember) => m.presence !== 'ABSENT' || m.substitutedBySittingSubstitute;
  const presentInRoom = composition.filter((m) => (m.presence === 'PRESENT' || m.substitutedBySittingSubstitute) && m.presence !== 'REMOTE');
  const remote = composition.filter((m) => m.presence === 'REMOTE');
  const holders = new Map<string, number>();
  const represented = composition.filter((m) => {
    if (sits(m) || !m.mandateHolderId) return false;
    const holder = byId.get(m.mandateHolderId);
    // MAND-1: a mandate whose holder is absent does not count; nobody holds more than one.
    // A holder replaced by a suppléant is absent: the suppléant sits for the titulaire's
    // own seat, not for the mandates given to the titulaire (as checkMandate refuses them).
    if (!holder || holder.presence === 'ABSENT') return false;
    const held = holders.get(holder.id) ?? 0;
    if (held >= 1) return false;
    holders.set(holder.id, held + 1);
    return true;
  });
  const base = composition.length;
  const required = Math.ceil(base / 2);
  const participating = presentInRoom.length + remote.length;
  if (opts.remoteDeliberation) {
    const reached = participating >= required;
    return {
      rule: 'REM-2',
      base,
      required,
      present: presentInRoom.length,
      remote: remote.length,
      represented: represented.length,
      counted: participating,
      reached,
      text: `${participating} membre${participating > 1 ? 's ont' : ' a'} pris part sur ${base} : ${
        reached ? 'participation suffisante' : 'participation insuffisante'
      } (${required} requis, REM-2)`,
    };
  }
  const counted = participating + represented.length;
  if (opts.secondConvocation) {
    return {
      rule: 'QUOR-2',
      base,
      required: 0,
      present: presentInRoom.length,
      remote: remote.length,
      represented: represented.length,
      counted,
      reached: true,
      text: `${counted} membre${counted > 1 ? 's' : ''} présent${counted > 1 ? 's' : ''} ou représenté${counted > 1 ? 's' : ''} sur ${base} : seconde convocation, la commission délibère sans condition de quorum (QUOR-2)`,
    };
  }
  const reached = counted >= required;
  return {
    rule: 'QUOR-1',
    base,
    required,
    present: presentInRoom.length,
    remote: remote.length,
    represented: represented.length,
    counted,
    reached,
    text: `${counted} membre${counted > 1 ? 's' : ''} présent${counted > 1 ? 's' : ''} ou représenté${counted > 1 ? 's' : ''} sur ${base} : ${
      reached ? 'quorum atteint' : 'quorum non atteint'
    } (${required} requis)`,
  };
}
