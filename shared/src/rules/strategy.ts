import type {
  ActionStatus,
  Priority,
  RecommendationPlanDto,
  SectionDiffDto,
  StrategyActionDto,
  StrategyContentDto,
  StrategyIndicatorDto,
} from '../contract/strategy';

/**
 * STRAT-1: the departmental strategy's follow-up rules, pure functions used by the api
 * (dashboard, yearly report) and the web.
 */

/** An action is late when its deadline has passed and it is neither done nor dropped. */
export function isLate(action: { deadline?: string | null }, status: ActionStatus, today: string): boolean {
  return !!action.deadline && action.deadline < today && status !== 'DONE' && status !== 'DROPPED';
}

export function actionCounts(
  actions: readonly StrategyActionDto[],
  statusOf: (a: StrategyActionDto) => ActionStatus,
  today: string,
): { actions: number; done: number; inProgress: number; notStarted: number; late: number; dropped: number } {
  const counts = { actions: actions.length, done: 0, inProgress: 0, notStarted: 0, late: 0, dropped: 0 };
  for (const a of actions) {
    const s = statusOf(a);
    if (s === 'DONE') counts.done++;
    else if (s === 'IN_PROGRESS') counts.inProgress++;
    else if (s === 'DROPPED') counts.dropped++;
    else counts.notStarted++;
    if (isLate(a, s, today)) counts.late++;
  }
  return counts;
}

/** Expected value on a year, on the straight line from the baseline to the target. */
export function expectedValue(ind: StrategyIndicatorDto, year: number): number | null {
  const { baselineValue: b, baselineYear: by, targetValue: t, targetYear: ty } = ind;
  if (b == null || by == null || t == null || ty == null || ty <= by) return null;
  if (year <= by) return b;
  if (year >= ty) return t;
  return Math.round((b + ((t - b) * (year - by)) / (ty - by)) * 100) / 100;
}

/** Off track when the value is behind the expected trajectory, in the indicator's direction. */
export function isOffTrack(ind: StrategyIndicatorDto, year: number, value: number | null): boolean | null {
  const expected = expectedValue(ind, year);
  if (expected === null || value === null) return null;
  return ind.direction === 'UP' ? value < expected : value > expected;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
}

/** Differences between two versions, section by section, in French. */
export function diffStrategy(a: StrategyContentDto, b: StrategyContentDto, recommendationTitle: (n: number) => string): SectionDiffDto[] {
  const out: SectionDiffDto[] = [];
  const text = (x?: string | null) => (x ?? '').trim();
  if (text(a.introduction) !== text(b.introduction)) out.push({ section: 'introduction', label: 'Introduction', changes: ['Texte modifié.'] });
  const diag: string[] = [];
  if (text(a.diagnosticText) !== text(b.diagnosticText)) diag.push('Texte du diagnostic modifié.');
  const figA = new Map(a.figures.map((f) => [f.key, f] as const));
  const figB = new Map(b.figures.map((f) => [f.key, f] as const));
  for (const [k, f] of figB) {
    const old = figA.get(k);
    if (!old) diag.push(`Chiffre clé ajouté : ${f.label} (${f.value}).`);
    else if (old.value !== f.value || old.label !== f.label || (old.unit ?? '') !== (f.unit ?? '') || old.source !== f.source || old.year !== f.year) {
      diag.push(`Chiffre clé modifié : ${f.label} (${old.value} → ${f.value}).`);
    }
  }
  for (const [k, f] of figA) if (!figB.has(k)) diag.push(`Chiffre clé retiré : ${f.label}.`);
  if (diag.length) out.push({ section: 'diagnostic', label: 'Diagnostic', changes: diag });

  const recA = new Map(a.recommendations.map((r) => [r.recommendationNumber, r] as const));
  const recB = new Map(b.recommendations.map((r) => [r.recommendationNumber, r] as const));
  const numbers = [...new Set([...recA.keys(), ...recB.keys()])].sort((x, y) => x - y);
  for (const n of numbers) {
    const changes = diffPlan(recA.get(n), recB.get(n));
    if (changes.length) out.push({ section: `recommendation-${n}`, label: `Préconisation ${n} — ${recommendationTitle(n)}`, changes });
  }
  const local = diffActions(a.localActions, b.localActions);
  if (local.length) out.push({ section: 'local', label: 'Actions locales hors préconisations', changes: local });
  return out;
}

function diffPlan(a: RecommendationPlanDto | undefined, b: RecommendationPlanDto | undefined): string[] {
  const empty: RecommendationPlanDto = { recommendationNumber: 0, findings: '', priority: null, actions: [], indicators: [] };
  const x = a ?? empty;
  const y = b ?? empty;
  const changes: string[] = [];
  if ((x.findings ?? '').trim() !== (y.findings ?? '').trim()) changes.push('Constats locaux modifiés.');
  if ((x.priority ?? null) !== (y.priority ?? null)) changes.push(`Priorité : ${priorityLabel(x.priority)} → ${priorityLabel(y.priority)}.`);
  changes.push(...diffActions(x.actions, y.actions));
  const indA = new Map(x.indicators.map((i) => [i.key, i] as const));
  const indB = new Map(y.indicators.map((i) => [i.key, i] as const));
  for (const [k, i] of indB) {
    const old = indA.get(k);
    if (!old) changes.push(`Indicateur ajouté : ${i.name}.`);
    else if (!same(old, i)) changes.push(`Indicateur modifié : ${i.name}.`);
  }
  for (const [k, i] of indA) if (!indB.has(k)) changes.push(`Indicateur retiré : ${i.name}.`);
  return changes;
}

function diffActions(a: readonly StrategyActionDto[], b: readonly StrategyActionDto[]): string[] {
  const changes: string[] = [];
  const mapA = new Map(a.map((x) => [x.key, x] as const));
  const mapB = new Map(b.map((x) => [x.key, x] as const));
  for (const [k, x] of mapB) {
    const old = mapA.get(k);
    if (!old) changes.push(`Action ajoutée : ${x.title}.`);
    else if (!same(old, x)) changes.push(`Action modifiée : ${x.title}.`);
  }
  for (const [k, x] of mapA) if (!mapB.has(k)) changes.push(`Action retirée : ${x.title}.`);
  return changes;
}

/**
 * The French label of a priority in a change line: the labels of PRIORITY_LABELS (contract),
 * repeated here because the rules import only types from the decorated contract classes.
 */
const PRIORITY_TEXT: Record<Priority, string> = { HIGH: 'Prioritaire', MEDIUM: 'Importante', LOW: 'À moyen terme' };

function priorityLabel(p: Priority | null | undefined): string {
  return p ? PRIORITY_TEXT[p] : 'aucune';
}

/** Deep equality that ignores the order of object keys (jsonb gives them back in its own order). */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)))
      : v,
  );
}
