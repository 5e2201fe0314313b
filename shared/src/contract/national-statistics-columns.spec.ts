import 'reflect-metadata';
import { hiddenCell, protectMedian, shownCell } from '../rules/disclosure';
import {
  NATIONAL_STATISTIC_COLUMNS,
  statisticCellValue,
  statisticColumnGroups,
} from './national-statistics-columns';
import type { StatisticsFiguresDto } from './national';

describe('TENANT-1, PSP-4: the columns of the national statistics', () => {
  it('TENANT-1: every figure of the statistics has one column, with unique keys, grouped for a two-row heading', () => {
    const keys = NATIONAL_STATISTIC_COLUMNS.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(15);
    expect(statisticColumnGroups().map((g) => `${g.label}:${g.span}`)).toEqual([
      'Demandes déposées:2',
      'Avis de la commission:2',
      'Décisions du préfet:2',
      'Délai (PSP-4):1',
      'Parcours:1',
      'Fins de parcours:4',
      'Séances:1',
      'Statistiques anonymisées (DP-3):2',
    ]);
  });

  it('PSP-4: the columns pick their figure, the median among them', () => {
    const f = {
      requestsInitial: shownCell(12),
      medianDaysCompleteToOpinion: protectMedian(31, 8),
      pathwayEndings: {
        COMPLETED: hiddenCell(),
        WITHDRAWN_BY_PERSON: shownCell(0),
        ENDED_BY_PREFET: shownCell(0),
        EXPIRED: shownCell(6),
      },
    } as unknown as StatisticsFiguresDto;
    const byKey = (k: string) => NATIONAL_STATISTIC_COLUMNS.find((c) => c.key === k)!.pick(f);
    expect(byKey('requestsInitial').value).toBe(12);
    expect(byKey('medianDaysCompleteToOpinion').display).toBe('31 j');
    expect(byKey('endings.EXPIRED').value).toBe(6);
    expect(byKey('endings.COMPLETED').suppressed).toBe(true);
  });

  it('TENANT-1: a spreadsheet cell holds the number when shown, the text « < 5 » or « — » otherwise', () => {
    expect(statisticCellValue(shownCell(7))).toBe(7);
    expect(statisticCellValue(hiddenCell())).toBe('< 5');
    expect(statisticCellValue(protectMedian(null, 0))).toBe('—');
  });
});
