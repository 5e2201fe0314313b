import {
  NATIONAL_STATISTIC_COLUMNS,
  NationalStatisticsDto,
  StatisticsFiguresDto,
  statisticCellValue,
} from '@cdlp/shared';
import { XlsxCell, XlsxSheet } from '@cdlp/templates';

/**
 * TENANT-1, PSP-4: the national statistics as spreadsheet sheets. The figures are the
 * protected ones of the page (a hidden count is the text « < 5 », never its value), with the
 * page's columns, and the disclosure note travels with them so that a copy of the file still
 * says how to read it.
 */
export function nationalStatisticsSheets(dto: NationalStatisticsDto, generatedAt: string): XlsxSheet[] {
  const header = [
    'Code',
    'Département',
    'Ouvert sur le portail',
    ...NATIONAL_STATISTIC_COLUMNS.map((c) => `${c.group} : ${c.label}${c.unit === 'days' ? ' (jours)' : ''}`),
  ];
  const figures = (f: StatisticsFiguresDto): XlsxCell[] =>
    NATIONAL_STATISTIC_COLUMNS.map((c) => statisticCellValue(c.pick(f)));
  return [
    {
      name: `Statistiques ${dto.year}`,
      header,
      rows: [
        ...dto.departements.map((d) => [d.code, d.name, d.active ? 'oui' : 'non', ...figures(d)]),
        ['', 'Total national', '', ...figures(dto.total)],
      ],
      widths: [8, 26, 12, ...NATIONAL_STATISTIC_COLUMNS.map(() => 18)],
    },
    {
      name: 'Lecture des chiffres',
      header: ['Rubrique', 'Valeur'],
      rows: [
        ['Année', dto.year],
        ['Seuil de masquage', dto.threshold],
        ['Protection des chiffres', dto.disclosureNote],
        [
          'Délai médian (PSP-4)',
          'Jours entre la demande complète et l’avis de la commission, sur les avis rendus dans l’année.',
        ],
        ['Produit le', generatedAt],
      ],
      widths: [26, 100],
    },
  ];
}
