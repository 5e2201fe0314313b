/**
 * TENANT-1: on the national instance a user must always know which département they are
 * working in, so the portal names the commission « CDLP de la Vienne », « CDLP des
 * Deux-Sèvres ». French puts an article before most département names and that article
 * cannot be guessed from the name (« du Doubs », « des Landes », « de la Charente »), so it
 * is listed here by code, the name itself coming from the registry (it may be renamed).
 */
// prettier-ignore
const OF: Record<string, string> = {
  '01': 'de l’', '02': 'de l’', '03': 'de l’', '04': 'des ', '05': 'des ', '06': 'des ', '07': 'de l’', '08': 'des ',
  '09': 'de l’', '10': 'de l’', '11': 'de l’', '12': 'de l’', '13': 'des ', '14': 'du ', '15': 'du ', '16': 'de la ',
  '17': 'de la ', '18': 'du ', '19': 'de la ', '2A': 'de la ', '2B': 'de la ', '21': 'de la ', '22': 'des ', '23': 'de la ',
  '24': 'de la ', '25': 'du ', '26': 'de la ', '27': 'de l’', '28': 'd’', '29': 'du ', '30': 'du ', '31': 'de la ',
  '32': 'du ', '33': 'de la ', '34': 'de l’', '35': 'd’', '36': 'de l’', '37': 'd’', '38': 'de l’', '39': 'du ',
  '40': 'des ', '41': 'de ', '42': 'de la ', '43': 'de la ', '44': 'de la ', '45': 'du ', '46': 'du ', '47': 'de ',
  '48': 'de la ', '49': 'de ', '50': 'de la ', '51': 'de la ', '52': 'de la ', '53': 'de la ', '54': 'de ', '55': 'de la ',
  '56': 'du ', '57': 'de la ', '58': 'de la ', '59': 'du ', '60': 'de l’', '61': 'de l’', '62': 'du ', '63': 'du ',
  '64': 'des ', '65': 'des ', '66': 'des ', '67': 'du ', '68': 'du ', '69': 'du ', '70': 'de la ', '71': 'de ',
  '72': 'de la ', '73': 'de la ', '74': 'de la ', '75': 'de ', '76': 'de la ', '77': 'de ', '78': 'des ', '79': 'des ',
  '80': 'de la ', '81': 'du ', '82': 'de ', '83': 'du ', '84': 'du ', '85': 'de la ', '86': 'de la ', '87': 'de la ',
  '88': 'des ', '89': 'de l’', '90': 'du ', '91': 'de l’', '92': 'des ', '93': 'de la ', '94': 'du ', '95': 'du ',
  '971': 'de la ', '972': 'de la ', '973': 'de la ', '974': 'de ', '975': 'de ', '976': 'de ',
};

/** A name that already carries its article (« La Réunion ») takes the preposition only. */
const WITH_ARTICLE: [RegExp, string][] = [
  [/^Les\s/, 'des '],
  [/^Le\s/, 'du '],
  [/^(La\s|L['’])/, 'de '],
];

/** « de la Vienne », « des Deux-Sèvres », « de l’Ain » (null without a known code or a name). */
export function ofDepartement(
  code: string | null | undefined,
  name: string | null | undefined,
): string | null {
  const n = name?.trim();
  if (!code || !n) return null;
  for (const [pattern, of] of WITH_ARTICLE) {
    if (pattern.test(n)) return of === 'de ' ? `de ${n}` : `${of}${n.replace(pattern, '')}`;
  }
  const of = OF[code];
  return of ? `${of}${n}` : null;
}

/**
 * The name of a département's commission as the portal shows it: « CDLP de la Vienne ».
 * Without a known article it falls back to « CDLP – Vienne (86) », never to a wrong one.
 */
export function commissionName(code: string, name: string): string {
  const of = ofDepartement(code, name);
  return of ? `CDLP ${of}` : `CDLP – ${name.trim()} (${code})`;
}
