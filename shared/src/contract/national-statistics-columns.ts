import { PATHWAY_END_REASON_LABELS, PATHWAY_END_REASONS } from './psp';
import type { StatisticCellDto, StatisticsFiguresDto } from './national';

/**
 * The columns of the national statistics (TENANT-1, PSP-4), in the order the page, its
 * charts and the XLSX export show them, so that the screen and the file say the same thing.
 */
export interface StatisticColumn {
  /** Stable key, used in the page's URL (sort, chart) and the tests. */
  readonly key: string;
  readonly group: string;
  /** The column's heading inside its group. */
  readonly label: string;
  /** The heading alone, outside the table ("Avis favorables"). */
  readonly title: string;
  readonly unit: 'count' | 'days';
  pick(figures: StatisticsFiguresDto): StatisticCellDto;
}

/** Short headings of the endings, for a table where the group already says "Fins de parcours". */
export const PATHWAY_ENDING_SHORT_LABELS: Record<(typeof PATHWAY_END_REASONS)[number], string> = {
  COMPLETED: 'Menés à terme',
  WITHDRAWN_BY_PERSON: 'À la demande de la personne',
  ENDED_BY_PREFET: 'Par le préfet',
  EXPIRED: 'À échéance',
};

const count = (
  key: keyof StatisticsFiguresDto,
  group: string,
  label: string,
  title: string,
): StatisticColumn => ({
  key,
  group,
  label,
  title,
  unit: 'count',
  pick: (f) => f[key] as StatisticCellDto,
});

export const NATIONAL_STATISTIC_COLUMNS: readonly StatisticColumn[] = [
  count('requestsInitial', 'Demandes déposées', 'Premières demandes', 'Premières demandes déposées'),
  count('requestsRenewal', 'Demandes déposées', 'Renouvellements', 'Demandes de renouvellement déposées'),
  count('opinionsFavourable', 'Avis de la commission', 'Favorables', 'Avis favorables'),
  count('opinionsUnfavourable', 'Avis de la commission', 'Défavorables', 'Avis défavorables'),
  count('decisionsAuthorised', 'Décisions du préfet', 'Autorisations', 'Décisions autorisant le parcours'),
  count('decisionsRefused', 'Décisions du préfet', 'Refus', 'Décisions de refus'),
  {
    key: 'medianDaysCompleteToOpinion',
    group: 'Délai (PSP-4)',
    label: 'Médiane complète → avis',
    title: 'Délai médian entre la demande complète et l’avis (PSP-4)',
    unit: 'days',
    pick: (f) => f.medianDaysCompleteToOpinion,
  },
  count('activePathways', 'Parcours', 'En cours', 'Parcours en cours'),
  ...PATHWAY_END_REASONS.map(
    (reason): StatisticColumn => ({
      key: `endings.${reason}`,
      group: 'Fins de parcours',
      label: PATHWAY_ENDING_SHORT_LABELS[reason],
      title: `Fins de parcours : ${PATHWAY_END_REASON_LABELS[reason].toLowerCase()}`,
      unit: 'count',
      pick: (f) => f.pathwayEndings[reason],
    }),
  ),
  count('sittingsHeld', 'Séances', 'Tenues', 'Séances tenues'),
  count(
    'purgedRequests',
    'Statistiques anonymisées (DP-3)',
    'Demandes',
    'Demandes purgées, conservées en statistique anonymisée',
  ),
  count(
    'purgedPathways',
    'Statistiques anonymisées (DP-3)',
    'Parcours',
    'Parcours purgés, conservés en statistique anonymisée',
  ),
];

/** The groups of columns in order, with how many columns each spans (a two-row table heading). */
export function statisticColumnGroups(
  columns: readonly StatisticColumn[] = NATIONAL_STATISTIC_COLUMNS,
): { label: string; span: number }[] {
  const groups: { label: string; span: number }[] = [];
  for (const c of columns) {
    const last = groups[groups.length - 1];
    if (last?.label === c.group) last.span++;
    else groups.push({ label: c.group, span: 1 });
  }
  return groups;
}

/** What a spreadsheet cell holds: the number when shown, otherwise the text shown (« < 5 », « — »). */
export function statisticCellValue(cell: StatisticCellDto): number | string {
  return cell.value !== null && !cell.suppressed ? cell.value : cell.display;
}
