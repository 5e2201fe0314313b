import { ABSTENTION_RULE_LABELS, AbstentionRule, BallotChoice, CastVote, decideOpinion } from './opinion';

/** `n` votes with the given choice, none of them by the president. */
function votes(choice: BallotChoice, n: number): CastVote[] {
  return Array.from({ length: n }, () => ({ choice, byPresident: false }));
}

/** A ballot box: `pour` favourable, `contre` unfavourable, `abst` abstentions, plus the president's vote if any. */
function box(pour: number, contre: number, abst: number, president?: BallotChoice): CastVote[] {
  const all = [...votes('FAVOURABLE', pour), ...votes('UNFAVOURABLE', contre), ...votes('ABSTENTION', abst)];
  return president ? [{ choice: president, byPresident: true }, ...all] : all;
}

describe('decideOpinion (VOTE-1)', () => {
  describe('VOTE-1: majority of the votes of the members present or represented', () => {
    it('VOTE-1: more "pour" than "contre" gives a favourable opinion, in words with the counts and the rule', () => {
      const r = decideOpinion(box(7, 5, 2), 'EXCLUDED');
      expect(r).toEqual({
        opinion: 'FAVOURABLE',
        favourable: 7,
        unfavourable: 5,
        abstentions: 2,
        total: 14,
        rule: 'EXCLUDED',
        castingVote: false,
        text: 'Avis favorable : 7 voix pour, 5 contre, 2 abstentions ; majorité des suffrages exprimés, abstentions non comptées.',
      });
      expect(r.text.startsWith('Avis favorable : 7 voix pour, 5 contre, 2 abstentions')).toBe(true);
    });

    it('VOTE-1: more "contre" than "pour" gives an unfavourable opinion', () => {
      const r = decideOpinion(box(3, 8, 1), 'EXCLUDED');
      expect(r).toMatchObject({ opinion: 'UNFAVOURABLE', favourable: 3, unfavourable: 8, abstentions: 1, total: 12, castingVote: false });
      expect(r.text).toBe('Avis défavorable : 3 voix pour, 8 contre, 1 abstention ; majorité des suffrages exprimés, abstentions non comptées.');
    });

    it('VOTE-1: a single vote decides (1 pour, nobody else)', () => {
      expect(decideOpinion(box(1, 0, 0), 'EXCLUDED')).toMatchObject({ opinion: 'FAVOURABLE', total: 1, castingVote: false });
      expect(decideOpinion(box(0, 1, 0), 'COUNTED')).toMatchObject({ opinion: 'UNFAVOURABLE', total: 1, castingVote: false });
    });

    it('VOTE-1: a majority does not need the president, and the president\'s vote counts as one vote when there is no tie', () => {
      // The president votes "contre" but is in the minority: no casting vote outside a tie.
      const r = decideOpinion(box(6, 4, 0, 'UNFAVOURABLE'), 'EXCLUDED');
      expect(r).toMatchObject({ opinion: 'FAVOURABLE', favourable: 6, unfavourable: 5, total: 11, castingVote: false });
      expect(r.text).not.toContain('prépondérante');
    });
  });

  describe('VOTE-1: the president decides a tie (voix prépondérante)', () => {
    it('VOTE-1: a tie with the president voting "pour" gives a favourable opinion by casting vote', () => {
      const r = decideOpinion(box(4, 5, 2, 'FAVOURABLE'), 'EXCLUDED');
      expect(r).toMatchObject({ opinion: 'FAVOURABLE', favourable: 5, unfavourable: 5, abstentions: 2, total: 12, castingVote: true });
      expect(r.text).toBe(
        'Avis favorable : 5 voix pour, 5 contre, 2 abstentions ; partage égal des voix, la voix de la présidence est prépondérante ; majorité des suffrages exprimés, abstentions non comptées.',
      );
    });

    it('VOTE-1: a tie with the president voting "contre" gives an unfavourable opinion by casting vote', () => {
      const r = decideOpinion(box(3, 2, 0, 'UNFAVOURABLE'), 'EXCLUDED');
      expect(r).toMatchObject({ opinion: 'UNFAVOURABLE', favourable: 3, unfavourable: 3, castingVote: true });
      expect(r.text.startsWith('Avis défavorable : 3 voix pour, 3 contre, 0 abstention ; partage égal des voix, la voix de la présidence est prépondérante')).toBe(true);
    });

    it('VOTE-1: the casting vote also decides a tie when abstentions are counted', () => {
      const r = decideOpinion(box(1, 2, 4, 'FAVOURABLE'), 'COUNTED');
      expect(r).toMatchObject({ opinion: 'FAVOURABLE', favourable: 2, unfavourable: 2, abstentions: 4, total: 8, rule: 'COUNTED', castingVote: true });
      expect(r.text).toContain('la voix de la présidence est prépondérante ; majorité des votants, abstentions comptées.');
    });

    it('VOTE-1: a tie with the president abstaining adopts no opinion (the item must be voted again)', () => {
      const r = decideOpinion(box(3, 3, 1, 'ABSTENTION'), 'EXCLUDED');
      expect(r).toMatchObject({ opinion: null, favourable: 3, unfavourable: 3, abstentions: 2, total: 8, castingVote: false });
      expect(r.text).toBe(
        "Aucun avis adopté : partage égal des voix (3 voix pour, 3 contre, 2 abstentions) sans voix prépondérante de la présidence (abstention ou absence de vote) ; le point doit être de nouveau soumis au vote.",
      );
    });

    it('VOTE-1: a tie without any vote of the president (absent, or not voting) adopts no opinion, under either rule', () => {
      for (const rule of ['EXCLUDED', 'COUNTED'] as const) {
        const r = decideOpinion(box(4, 4, 0), rule);
        expect(r).toMatchObject({ opinion: null, favourable: 4, unfavourable: 4, abstentions: 0, total: 8, rule, castingVote: false });
        expect(r.text.startsWith('Aucun avis adopté : partage égal des voix (4 voix pour, 4 contre, 0 abstention)')).toBe(true);
      }
    });

    it('VOTE-1: only the president\'s own vote is a casting vote (a proxy or another member\'s vote is not)', () => {
      // byPresident is false for every other ballot, whatever it says.
      expect(decideOpinion([...votes('FAVOURABLE', 2), ...votes('UNFAVOURABLE', 2)], 'EXCLUDED').opinion).toBeNull();
    });
  });

  describe('VOTE-1: how abstentions count is a setting', () => {
    it('VOTE-1 EXCLUDED: abstentions do not count; a relative majority of "pour" among the votes cast is enough', () => {
      const r = decideOpinion(box(4, 3, 6), 'EXCLUDED');
      expect(r).toMatchObject({ opinion: 'FAVOURABLE', favourable: 4, unfavourable: 3, abstentions: 6, total: 13, rule: 'EXCLUDED' });
      expect(r.text).toBe('Avis favorable : 4 voix pour, 3 contre, 6 abstentions ; majorité des suffrages exprimés, abstentions non comptées.');
    });

    it('VOTE-1 COUNTED: the same votes give no absolute majority of "pour": the favourable opinion is not adopted, the opinion is unfavourable', () => {
      const r = decideOpinion(box(4, 3, 6), 'COUNTED');
      expect(r).toMatchObject({ opinion: 'UNFAVOURABLE', favourable: 4, unfavourable: 3, abstentions: 6, total: 13, rule: 'COUNTED', castingVote: false });
      expect(r.text).toBe(
        "Avis défavorable : 4 voix pour, 3 contre, 6 abstentions ; majorité des votants, abstentions comptées (l'avis favorable n'a pas recueilli la majorité absolue).",
      );
    });

    it('VOTE-1 COUNTED: "pour" above half of all votes, abstentions included, gives a favourable opinion', () => {
      const r = decideOpinion(box(6, 2, 3), 'COUNTED');
      expect(r).toMatchObject({ opinion: 'FAVOURABLE', total: 11 });
      expect(r.text).toBe('Avis favorable : 6 voix pour, 2 contre, 3 abstentions ; majorité des votants, abstentions comptées.');
    });

    it('VOTE-1 COUNTED: exactly half of the votes is not an absolute majority (5 pour of 10)', () => {
      const r = decideOpinion(box(5, 1, 4), 'COUNTED');
      expect(r).toMatchObject({ opinion: 'UNFAVOURABLE', favourable: 5, total: 10 });
      expect(r.text).toContain("(l'avis favorable n'a pas recueilli la majorité absolue)");
      // Under EXCLUDED the same ballots are a clear favourable opinion.
      expect(decideOpinion(box(5, 1, 4), 'EXCLUDED').opinion).toBe('FAVOURABLE');
    });

    it('VOTE-1 COUNTED: "contre" above half of all votes is a plain unfavourable opinion (no mention of a missing majority)', () => {
      const r = decideOpinion(box(1, 6, 2), 'COUNTED');
      expect(r).toMatchObject({ opinion: 'UNFAVOURABLE' });
      expect(r.text).toBe('Avis défavorable : 1 voix pour, 6 contre, 2 abstentions ; majorité des votants, abstentions comptées.');
    });

    it('VOTE-1: the rule applied is printed with its label', () => {
      expect(ABSTENTION_RULE_LABELS).toEqual({
        EXCLUDED: 'majorité des suffrages exprimés, abstentions non comptées',
        COUNTED: 'majorité des votants, abstentions comptées',
      });
      expect(decideOpinion(box(2, 1, 0), 'EXCLUDED').text).toContain(ABSTENTION_RULE_LABELS.EXCLUDED);
      expect(decideOpinion(box(2, 1, 0), 'COUNTED').text).toContain(ABSTENTION_RULE_LABELS.COUNTED);
    });
  });

  describe('VOTE-1: no votes cast', () => {
    it('VOTE-1: no votes at all adopts no opinion', () => {
      for (const rule of ['EXCLUDED', 'COUNTED'] as const) {
        expect(decideOpinion([], rule)).toEqual({
          opinion: null,
          favourable: 0,
          unfavourable: 0,
          abstentions: 0,
          total: 0,
          rule,
          castingVote: false,
          text: 'Aucun avis adopté : aucun vote exprimé.',
        });
      }
    });

    it('VOTE-1: only abstentions (the president\'s included) adopts no opinion, under either rule', () => {
      for (const rule of ['EXCLUDED', 'COUNTED'] as const) {
        const r = decideOpinion(box(0, 0, 4, 'ABSTENTION'), rule);
        expect(r).toMatchObject({ opinion: null, favourable: 0, unfavourable: 0, abstentions: 5, total: 5, castingVote: false });
        expect(r.text).toBe('Aucun avis adopté : 0 voix pour, 0 contre, 5 abstentions ; aucun suffrage exprimé.');
      }
    });

    it('VOTE-1: a single abstention is written in the singular', () => {
      expect(decideOpinion(box(0, 0, 1), 'EXCLUDED').text).toBe('Aucun avis adopté : 0 voix pour, 0 contre, 1 abstention ; aucun suffrage exprimé.');
    });
  });

  describe('VOTE-1: properties over random ballot boxes (seeded)', () => {
    /** mulberry32: a small deterministic generator, so that a failure can be replayed. */
    function rng(seed: number): () => number {
      let a = seed >>> 0;
      return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let x = a;
        x = Math.imul(x ^ (x >>> 15), x | 1);
        x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
        return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
      };
    }
    const CHOICES: BallotChoice[] = ['FAVOURABLE', 'UNFAVOURABLE', 'ABSTENTION'];
    const SEED = 20260413;
    const CASES = 2000;

    /** A random ballot box of 0 to 40 votes, with or without a president's vote, ties made frequent. */
    function randomBox(next: () => number): CastVote[] {
      const n = Math.floor(next() * 41);
      let list: CastVote[] = Array.from({ length: n }, () => ({ choice: CHOICES[Math.floor(next() * 3)], byPresident: false }));
      if (next() < 0.3 && n > 0) {
        // Force a tie between "pour" and "contre" by rewriting the surplus into the minority choice.
        const f = list.filter((v) => v.choice === 'FAVOURABLE').length;
        const u = list.filter((v) => v.choice === 'UNFAVOURABLE').length;
        const target = Math.min(f, u);
        let fl = f - target;
        let ul = u - target;
        list = list.map((v) => {
          if (v.choice === 'FAVOURABLE' && fl > 0) return fl--, { ...v, choice: 'ABSTENTION' };
          if (v.choice === 'UNFAVOURABLE' && ul > 0) return ul--, { ...v, choice: 'ABSTENTION' };
          return v;
        });
      }
      if (list.length > 0 && next() < 0.6) {
        const i = Math.floor(next() * list.length);
        list[i] = { ...list[i], byPresident: true };
      }
      // The president's vote may be anywhere in the list (Fisher-Yates shuffle).
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    }

    /** The properties a result must have; returns what is violated (empty when all hold). */
    function violations(list: readonly CastVote[], rule: AbstentionRule, r: ReturnType<typeof decideOpinion>): string[] {
      const out: string[] = [];
      const check = (ok: boolean, what: string) => {
        if (!ok) out.push(what);
      };
      const f = list.filter((v) => v.choice === 'FAVOURABLE').length;
      const u = list.filter((v) => v.choice === 'UNFAVOURABLE').length;
      const a = list.filter((v) => v.choice === 'ABSTENTION').length;
      const president = list.find((v) => v.byPresident);
      const presidentDecides = president !== undefined && president.choice !== 'ABSTENTION';
      // Counts add up.
      check(r.favourable === f && r.unfavourable === u && r.abstentions === a && r.total === list.length && r.rule === rule, 'counts');
      check(r.favourable + r.unfavourable + r.abstentions === r.total, 'sum');
      if (r.total > 0) check(r.text.includes(`${f} voix pour, ${u} contre, ${a} abstention${a > 1 ? 's' : ''}`), 'counts in words');
      // The casting vote appears only on a tie with votes cast, and follows the president's own choice.
      check(!r.castingVote || (f === u && f > 0 && presidentDecides && r.opinion === president?.choice), 'castingVote only on a decided tie');
      check(r.castingVote === r.text.includes('la voix de la présidence est prépondérante'), 'casting vote in words');
      // The opinion follows the counts and the rule.
      let expected: string | null;
      if (f + u === 0) expected = null;
      else if (f === u) expected = presidentDecides ? (president?.choice ?? null) : null;
      else if (rule === 'EXCLUDED') expected = f > u ? 'FAVOURABLE' : 'UNFAVOURABLE';
      else expected = 2 * f > list.length ? 'FAVOURABLE' : 'UNFAVOURABLE';
      check(r.opinion === expected, `opinion ${String(r.opinion)} instead of ${String(expected)}`);
      check(r.castingVote === (f === u && f > 0 && presidentDecides), 'castingVote exactly on a tie the president decides');
      const missingMajority = rule === 'COUNTED' && f !== u && 2 * f <= list.length && 2 * u <= list.length;
      check(r.text.includes("n'a pas recueilli la majorité absolue") === missingMajority, 'absolute majority note');
      // The words match the opinion, and name the rule whenever an opinion is adopted.
      const prefix = r.opinion === 'FAVOURABLE' ? 'Avis favorable : ' : r.opinion === 'UNFAVOURABLE' ? 'Avis défavorable : ' : 'Aucun avis adopté : ';
      check(r.text.startsWith(prefix), 'text prefix');
      check(r.opinion === null || r.text.includes(ABSTENTION_RULE_LABELS[rule]), 'rule in words');
      return out;
    }

    it(`VOTE-1: for ${CASES} random ballot boxes (seed ${SEED}), counts add up, the opinion follows the counts and the rule, castingVote only on ties`, () => {
      const next = rng(SEED);
      const failures: string[] = [];
      const seen = { casting: 0, tieNoOpinion: 0, noAbsoluteMajority: 0, favourable: 0, unfavourable: 0, noVotesCast: 0 };
      for (let k = 0; k < CASES; k++) {
        const list = randomBox(next);
        const rule: AbstentionRule = next() < 0.5 ? 'EXCLUDED' : 'COUNTED';
        const r = decideOpinion(list, rule);
        const problems = violations(list, rule, r);
        // Order does not matter: the same votes in reverse give the same result.
        if (JSON.stringify(decideOpinion([...list].reverse(), rule)) !== JSON.stringify(r)) problems.push('order-dependent');
        if (problems.length > 0) failures.push(`case ${k} (seed ${SEED}, ${rule}) ${problems.join(', ')}: ${JSON.stringify(list)} → ${JSON.stringify(r)}`);
        if (r.castingVote) seen.casting++;
        if (r.opinion === null && r.favourable === r.unfavourable && r.favourable > 0) seen.tieNoOpinion++;
        if (r.text.includes('majorité absolue')) seen.noAbsoluteMajority++;
        if (r.opinion === 'FAVOURABLE') seen.favourable++;
        if (r.opinion === 'UNFAVOURABLE') seen.unfavourable++;
        if (r.favourable + r.unfavourable === 0) seen.noVotesCast++;
      }
      expect(failures.slice(0, 5)).toEqual([]);
      // The generator reaches every branch, so the properties are not vacuous.
      for (const [branch, n] of Object.entries(seen)) expect({ branch, reached: n >= 20 }).toEqual({ branch, reached: true });
    });
  });
});
