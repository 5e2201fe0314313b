/**
 * PV-1: the validity section of the minutes. Each rule is checked on the sitting's
 * records and reported by id with its result in words. Pure: the api gathers the facts.
 */
export interface ValidityFacts {
  convocationDays: number | null;
  convocationDate: string | null;
  minimumDays: number;
  urgencyReason: string | null;
  quorumRule: 'QUOR-1' | 'QUOR-2' | 'REM-2';
  quorumReached: boolean;
  quorumText: string;
  /** MAND-1: members holding more than one counted mandate. */
  holdersWithSeveralMandates: string[];
  /** COI-1: recused members who nevertheless have a ballot on the item. */
  recusedWhoVoted: { item: string; name: string }[];
  /** COMP-3: excluded members with a ballot on a PSP item. */
  excludedWhoVoted: { item: string; name: string }[];
  /** VOTE-1: items whose vote is not closed. */
  itemsWithoutResult: string[];
  /** PSP-4: PSP items whose request was not complete when put on the agenda. */
  incompleteRequests: string[];
}

export interface ValidityCheck {
  rule: string;
  ok: boolean;
  text: string;
}

export function checkMinutesValidity(f: ValidityFacts): ValidityCheck[] {
  const checks: ValidityCheck[] = [];
  if (f.convocationDays === null) {
    checks.push({ rule: 'CONV-2', ok: false, text: "CONV-2 : aucune convocation n'a été envoyée par le portail." });
  } else if (f.convocationDays >= f.minimumDays) {
    checks.push({
      rule: 'CONV-2',
      ok: true,
      text: `CONV-2 : convocation envoyée le ${f.convocationDate}, ${f.convocationDays} jours avant la séance.`,
    });
  } else if (f.urgencyReason) {
    checks.push({
      rule: 'CONV-2',
      ok: true,
      text: `CONV-2 : convocation envoyée le ${f.convocationDate}, ${f.convocationDays} jour(s) avant la séance, en urgence : ${f.urgencyReason}.`,
    });
  } else {
    checks.push({
      rule: 'CONV-2',
      ok: false,
      text: `CONV-2 : convocation envoyée ${f.convocationDays} jour(s) avant la séance, moins de ${f.minimumDays} jours, sans motif d'urgence.`,
    });
  }
  checks.push({ rule: f.quorumRule, ok: f.quorumReached, text: `${f.quorumRule} : ${f.quorumText}.` });
  checks.push(
    f.holdersWithSeveralMandates.length === 0
      ? { rule: 'MAND-1', ok: true, text: 'MAND-1 : aucun membre ne détient plus d’un mandat.' }
      : { rule: 'MAND-1', ok: false, text: `MAND-1 : plusieurs mandats détenus par ${f.holdersWithSeveralMandates.join(', ')}.` },
  );
  checks.push(
    f.recusedWhoVoted.length === 0
      ? { rule: 'COI-1', ok: true, text: "COI-1 : aucun membre ayant déclaré un intérêt n'a pris part au vote du point concerné." }
      : {
          rule: 'COI-1',
          ok: false,
          text: `COI-1 : vote d'un membre intéressé (${f.recusedWhoVoted.map((x) => `${x.name}, ${x.item}`).join(' ; ')}).`,
        },
  );
  checks.push(
    f.excludedWhoVoted.length === 0
      ? { rule: 'COMP-3', ok: true, text: "COMP-3 : les membres chargés des mineurs n'ont pas pris part à l'examen des demandes individuelles." }
      : { rule: 'COMP-3', ok: false, text: `COMP-3 : vote d'un membre exclu (${f.excludedWhoVoted.map((x) => `${x.name}, ${x.item}`).join(' ; ')}).` },
  );
  checks.push(
    f.itemsWithoutResult.length === 0
      ? { rule: 'VOTE-1', ok: true, text: 'VOTE-1 : chaque avis a été adopté à la majorité des voix des membres présents ou représentés, la voix de la présidence étant prépondérante en cas de partage.' }
      : { rule: 'VOTE-1', ok: false, text: `VOTE-1 : vote non clos sur ${f.itemsWithoutResult.join(', ')}.` },
  );
  checks.push(
    f.incompleteRequests.length === 0
      ? { rule: 'PSP-4', ok: true, text: "PSP-4 : seules des demandes complètes ont été inscrites à l'ordre du jour." }
      : { rule: 'PSP-4', ok: false, text: `PSP-4 : demande(s) incomplète(s) à l'ordre du jour : ${f.incompleteRequests.join(', ')}.` },
  );
  return checks;
}
