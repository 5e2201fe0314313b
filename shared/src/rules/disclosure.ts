import { STATISTICS_THRESHOLD, StatisticCellDto } from '../contract/national';

/**
 * TENANT-1: the national statistics are anonymised. A small count (1 to threshold − 1)
 * could point at a person in a small département, so it is hidden. Zero is shown: it says
 * that nobody is concerned, which points at no one.
 */
export function isSmallCount(value: number, threshold = STATISTICS_THRESHOLD): boolean {
  return value > 0 && value < threshold;
}

export function shownCell(value: number, display = formatCount(value)): StatisticCellDto {
  return { value, suppressed: false, display };
}

export function hiddenCell(threshold = STATISTICS_THRESHOLD): StatisticCellDto {
  return { value: null, suppressed: true, display: `< ${threshold}` };
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value);
}

/**
 * Protects one column of counts (one figure across départements) and its total.
 * Primary suppression hides the small counts. Secondary suppression: when exactly one
 * count of the column is hidden, the total minus the others would give it back, so the
 * smallest other non-zero count is hidden too; when there is no such count, the total is
 * hidden instead. A small total is hidden as well.
 */
export function protectColumn(values: readonly number[], threshold = STATISTICS_THRESHOLD): { cells: StatisticCellDto[]; total: StatisticCellDto } {
  const hidden = values.map((v) => isSmallCount(v, threshold));
  const total = values.reduce((s, v) => s + v, 0);
  let totalHidden = isSmallCount(total, threshold);
  if (!totalHidden && hidden.filter(Boolean).length === 1) {
    let partner = -1;
    values.forEach((v, i) => {
      if (!hidden[i] && v > 0 && (partner < 0 || v < values[partner])) partner = i;
    });
    if (partner >= 0) hidden[partner] = true;
    else totalHidden = true;
  }
  return {
    cells: values.map((v, i) => (hidden[i] ? hiddenCell(threshold) : shownCell(v))),
    total: totalHidden ? hiddenCell(threshold) : shownCell(total),
  };
}

/** A median is shown only when computed over at least `threshold` values (PSP-4 measure). */
export function protectMedian(median: number | null, sample: number, threshold = STATISTICS_THRESHOLD): StatisticCellDto {
  if (sample === 0 || median === null) return { value: null, suppressed: false, display: '—' };
  if (sample < threshold) return hiddenCell(threshold);
  return shownCell(median, `${formatCount(median)} j`);
}
