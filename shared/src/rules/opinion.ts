import { Opinion } from '../contract/psp';

export type BallotChoice = 'FAVOURABLE' | 'UNFAVOURABLE' | 'ABSTENTION';

/** VOTE-1: how abstentions count is a setting, printed in the result and the minutes. */
export type AbstentionRule = 'EXCLUDED' | 'COUNTED';
export const ABSTENTION_RULE_LABELS: Record<AbstentionRule, string> = {
  EXCLUDED: 'majorité des suffrages exprimés, abstentions non comptées',
  COUNTED: 'majorité des votants, abstentions comptées',
};

export interface CastVote {
  choice: BallotChoice;
  /** The vote of the chair (own capacity, not a proxy): it decides a tie. */
  byPresident: boolean;
}

export interface OpinionResult {
  /** null: no opinion adopted (no votes, or a tie the president did not decide). */
  opinion: Opinion | null;
  favourable: number;
  unfavourable: number;
  abstentions: number;
  total: number;
  rule: AbstentionRule;
  castingVote: boolean;
  /** The result in words, e.g. "Avis favorable : 7 voix pour, 5 contre, 2 abstentions ; majorité des suffrages exprimés". */
  text: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/**
 * VOTE-1: opinions are adopted by the majority of the votes of the members present or
 * represented; the president's vote decides a tie. Recused members (COI-1) and
 * members excluded from the item (COMP-3) must not be in `votes`.
 *
 * - EXCLUDED: favourable when "pour" outnumbers "contre"; unfavourable when "contre" does.
 * - COUNTED: favourable when "pour" is more than half of all votes including abstentions;
 *   unfavourable when "contre" is; otherwise, with no absolute majority, the proposal of a
 *   favourable opinion is not adopted and the opinion is unfavourable.
 * - A tie between "pour" and "contre" is decided by the president's vote when the president
 *   voted "pour" or "contre"; otherwise no opinion is adopted.
 */
export function decideOpinion(votes: readonly CastVote[], rule: AbstentionRule): OpinionResult {
  const favourable = votes.filter((v) => v.choice === 'FAVOURABLE').length;
  const unfavourable = votes.filter((v) => v.choice === 'UNFAVOURABLE').length;
  const abstentions = votes.filter((v) => v.choice === 'ABSTENTION').length;
  const total = votes.length;
  const counts = `${plural(favourable, 'voix pour', 'voix pour')}, ${unfavourable} contre, ${plural(abstentions, 'abstention', 'abstentions')}`;
  const ruleText = ABSTENTION_RULE_LABELS[rule];
  const base = { favourable, unfavourable, abstentions, total, rule };
  if (favourable + unfavourable === 0) {
    return {
      ...base,
      opinion: null,
      castingVote: false,
      text: total === 0 ? 'Aucun avis adopté : aucun vote exprimé.' : `Aucun avis adopté : ${counts} ; aucun suffrage exprimé.`,
    };
  }
  if (favourable === unfavourable) {
    const president = votes.find((v) => v.byPresident && v.choice !== 'ABSTENTION');
    if (!president) {
      return {
        ...base,
        opinion: null,
        castingVote: false,
        text: `Aucun avis adopté : partage égal des voix (${counts}) sans voix prépondérante de la présidence (abstention ou absence de vote) ; le point doit être de nouveau soumis au vote.`,
      };
    }
    const opinion: Opinion = president.choice === 'FAVOURABLE' ? 'FAVOURABLE' : 'UNFAVOURABLE';
    return {
      ...base,
      opinion,
      castingVote: true,
      text: `${opinion === 'FAVOURABLE' ? 'Avis favorable' : 'Avis défavorable'} : ${counts} ; partage égal des voix, la voix de la présidence est prépondérante ; ${ruleText}.`,
    };
  }
  let opinion: Opinion;
  if (rule === 'EXCLUDED') {
    opinion = favourable > unfavourable ? 'FAVOURABLE' : 'UNFAVOURABLE';
  } else {
    opinion = favourable * 2 > total ? 'FAVOURABLE' : 'UNFAVOURABLE';
  }
  const noAbsoluteMajority = rule === 'COUNTED' && favourable * 2 <= total && unfavourable * 2 <= total;
  return {
    ...base,
    opinion,
    castingVote: false,
    text: `${opinion === 'FAVOURABLE' ? 'Avis favorable' : 'Avis défavorable'} : ${counts} ; ${ruleText}${
      noAbsoluteMajority ? " (l'avis favorable n'a pas recueilli la majorité absolue)" : ''
    }.`,
  };
}
