import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { StrategyActionDto, StrategyContentDto, StrategyIndicatorDto } from '@cdlp/shared';
import { instantToParisLocal } from '@cdlp/shared';
import type { HttpResult, TestApp, TestClient } from './test-app';

/** Helpers of the departmental strategy suites (STRAT-1, MEET-1, SIG-1). */

export interface ReferenceAxis {
  number: number;
  title: string;
  recommendations: { number: number; title: string; levers: string[] }[];
}

/**
 * The 16 recommendations in 6 axes of the departmental diagnostic, as written in
 * shared/domain/recommendations.json (seed 002, part V), copied here so that the suites
 * compare the api's reference data with the source text.
 */
export const DIAGNOSTIC_AXES: ReferenceAxis[] = [
  {
    number: 1,
    title: 'Coordination et partenariat',
    recommendations: [
      {
        number: 1,
        title:
          'Relancer le travail de coordination des acteurs en amont des parcours de sortie de prostitution afin de répondre à la pluralité des situations rencontrées',
        levers: [
          "comité de pilotage partenarial coordonné par l'association agréée PSP",
          "orientation, mise à l'abri, séjour avant l'entrée en PSP",
          "faire connaître le PSP aux acteurs de l'insertion",
          "rencontres social / médical / forces de l'ordre",
        ],
      },
      {
        number: 2,
        title:
          'Mobiliser les cinq réseaux de lutte contre les violences conjugales du territoire sur le sujet de la prostitution',
        levers: ["s'appuyer sur les réseaux locaux VIF hors de la ville-centre"],
      },
      {
        number: 3,
        title: 'Formaliser les travaux engagés sur la prostitution des mineurs',
        levers: [
          'protocole pluridisciplinaire de signalement et de retour de fugue (Parquet, PJJ, CHU, Éducation nationale, conseil départemental, police, gendarmerie)',
          'réseau de ressources pour les professionnels',
          'équipe dédiée pour recevoir les mineurs',
        ],
      },
      {
        number: 4,
        title:
          "Mobiliser la commission départementale à l'appui de la stratégie départementale de lutte contre la prostitution",
        levers: [
          'arrêter une stratégie départementale dans les orientations nationales du 2 mai 2024',
          "réunir la commission dès qu'une demande de PSP est complète",
          'former les membres de la commission (cadre légal, loi du 26 janvier 2024, évolution des formes de prostitution)',
        ],
      },
    ],
  },
  {
    number: 2,
    title: 'Formation et sensibilisation',
    recommendations: [
      {
        number: 5,
        title: 'Mettre en place un plan de formation à plusieurs niveaux',
        levers: [
          'sensibilisation de base pour tous les professionnels',
          "modules d'approfondissement pour l'accompagnement",
          'thématiques : traite, mineurs, numérique et réseaux',
        ],
      },
      {
        number: 6,
        title: "Activer l'interprofessionnalité",
        levers: ['partenariats santé / justice / éducation', "rencontres régulières d'échange de pratiques"],
      },
    ],
  },
  {
    number: 3,
    title: 'Prévention auprès des jeunes',
    recommendations: [
      {
        number: 7,
        title:
          'Développer des actions de prévention sur la question de la prostitution à destination des jeunes',
        levers: [
          "s'appuyer sur les interventions existantes en milieu scolaire",
          'cibler les publics vulnérables (foyers)',
        ],
      },
      {
        number: 8,
        title: 'Développer des actions de prévention spécifiques à destination des étudiants',
        levers: [
          'médecine préventive universitaire',
          'prostitution étudiante contre biens, services, hébergement',
        ],
      },
    ],
  },
  {
    number: 4,
    title: 'Aller-vers, repérage et réduction des risques',
    recommendations: [
      {
        number: 9,
        title: "Poursuivre les actions d'aller-vers et de réduction des risques existantes",
        levers: [
          'qualité et disponibilité du matériel de prévention',
          'accès à la santé sexuelle et reproductive',
          'liens avec médecins et pharmaciens',
        ],
      },
      {
        number: 10,
        title: "Développer de nouveaux modes d'intervention pour toucher des publics moins visibles",
        levers: [
          'maraudes mixtes',
          'maraudes numériques',
          'formation des professionnels aux outils numériques',
        ],
      },
      {
        number: 11,
        title: 'Développer le questionnement systématique',
        levers: [
          'questionnaires de pré-accueil',
          'rendez-vous médicaux',
          'auditions de femmes victimes de violences',
        ],
      },
      {
        number: 12,
        title:
          'Développer et diffuser des supports de communication à destination des professionnels et des personnes concernées par la prostitution',
        levers: [
          'plaquettes',
          'affiches et flyers en français simplifié',
          'intégration aux outils existants, mise à jour régulière',
        ],
      },
    ],
  },
  {
    number: 5,
    title: 'Accompagnement social global',
    recommendations: [
      {
        number: 13,
        title: "Renforcer l'accompagnement social dédié sur le territoire",
        levers: [
          "financements dédiés à l'association agréée",
          'montée en compétence des travailleurs sociaux',
        ],
      },
      {
        number: 14,
        title: "Engager un travail sur la question de l'hébergement et du logement",
        levers: [
          "places d'urgence fléchées avant l'entrée en PSP",
          'accompagnement vers et dans le logement pendant et après le PSP',
        ],
      },
    ],
  },
  {
    number: 6,
    title: 'Lutte contre la traite, le proxénétisme et le recours à la prostitution',
    recommendations: [
      {
        number: 15,
        title: 'Renforcer la politique pénale sur la lutte contre les « clients » de la prostitution',
        levers: [
          'poursuites des acheteurs',
          "faire connaître l'interdiction d'achat d'actes sexuels",
          'prévention du « devenir client »',
        ],
      },
      {
        number: 16,
        title:
          'Sensibiliser les hôteliers, hôtes de meublés de tourisme et propriétaires de location saisonnière au proxénétisme hôtelier',
        levers: ['obligation de signalement', 'campagne de communication locale'],
      },
    ],
  },
];

/** Fails the test unless the call answered 200 or 201; returns the body. */
export function ok<T>(r: HttpResult<T>, what: string): T {
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const key = (): string => randomUUID();

/** The year of the api's clock, in Paris. */
export function clockYear(t: TestApp): number {
  return Number(instantToParisLocal(t.clock.now()).slice(0, 4));
}

/** A complete action; override what the test is about. */
export function action(over: Partial<StrategyActionDto> = {}): StrategyActionDto {
  return {
    key: key(),
    title: 'Action de test',
    description: 'Description de l’action.',
    lead: { name: 'Préfecture de la Vienne' },
    partners: [],
    startDate: null,
    deadline: null,
    budget: null,
    fundingSource: null,
    status: 'NOT_STARTED',
    ...over,
  };
}

/** A typed (not automatic) indicator; override what the test is about. */
export function indicator(over: Partial<StrategyIndicatorDto> = {}): StrategyIndicatorDto {
  return {
    key: key(),
    name: 'Indicateur de test',
    unit: 'personnes',
    automatic: null,
    direction: 'UP',
    baselineValue: null,
    baselineYear: null,
    targetValue: null,
    targetYear: null,
    ...over,
  };
}

/** A deep copy of a version's content, to edit for the next version. */
export function copy(content: StrategyContentDto): StrategyContentDto {
  return JSON.parse(JSON.stringify(content)) as StrategyContentDto;
}

/** The plan of recommendation n in a content (fails the test when absent). */
export function planOf(
  content: StrategyContentDto,
  n: number,
): StrategyContentDto['recommendations'][number] {
  const p = content.recommendations.find((r) => r.recommendationNumber === n);
  if (!p) throw new Error(`recommendation ${n} not in the content`);
  return p;
}

/** A binary GET with the client's session (TestClient decodes bodies as text). */
export async function download(
  t: TestApp,
  c: TestClient,
  path: string,
): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const cookie = Object.entries(c.cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  const res = await fetch(`${t.baseUrl}${path}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** Downloads a file and fails the test unless the answer is 200 with this content type. */
export async function downloadOk(
  t: TestApp,
  c: TestClient,
  path: string,
  contentType: string,
): Promise<Buffer> {
  const r = await download(t, c, path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.toString('utf8').slice(0, 300)}`);
  expect(r.headers.get('content-type')).toContain(contentType);
  return r.body;
}

/** Runs a poppler tool (pdftotext, pdfsig, pdfimages, pdfinfo) on a PDF held in memory. */
export function poppler(
  tool: 'pdftotext' | 'pdfsig' | 'pdfimages' | 'pdfinfo',
  pdf: Buffer,
  args: string[] = [],
): { code: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cdlp-strategy-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const argv = tool === 'pdftotext' ? ['-enc', 'UTF-8', ...args, file, '-'] : [...args, file];
    const r = spawnSync(tool, argv, { encoding: 'utf8' });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF (pdftotext), with line and page breaks and runs of spaces collapsed to one space. */
export function pdfWords(pdf: Buffer): string {
  const { code, out } = poppler('pdftotext', pdf);
  if (code !== 0) throw new Error(`pdftotext failed: ${out}`);
  return normalise(out);
}

/** Whitespace collapsed, typographic apostrophes made plain: titles wrap in the PDF. */
export function normalise(s: string): string {
  return s
    .replace(/[\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A workbook read back: its parts, and each sheet's rows (cells by column, null when empty). */
export interface Workbook {
  files: string[];
  contentTypes: string;
  sheets: { name: string; path: string; rows: (string | number | null)[][]; xml: string }[];
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Unzips an XLSX and parses its workbook and sheet XML (inline strings and numbers, as the portal writes them). */
export function readXlsx(buf: Buffer): Workbook {
  const zip = unzipSync(new Uint8Array(buf));
  const text = (name: string) => {
    const f = zip[name];
    if (!f) throw new Error(`${name} missing from the workbook`);
    return strFromU8(f);
  };
  const workbook = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  const targets = new Map(
    [...rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map(
      (m) => [m[1], `xl/${m[2]}`] as const,
    ),
  );
  const sheets = [...workbook.matchAll(/<sheet name="([^"]*)" sheetId="\d+" r:id="([^"]+)"\/>/g)].map((m) => {
    const path = targets.get(m[2]);
    if (!path) throw new Error(`sheet ${m[1]}: no relationship ${m[2]}`);
    const xml = text(path);
    const rows: (string | number | null)[][] = [];
    for (const row of xml.matchAll(/<row r="(\d+)"[^>]*>(.*?)<\/row>/gs)) {
      const cells: (string | number | null)[] = [];
      for (const c of row[2].matchAll(/<c r="([A-Z]+)(\d+)"([^>]*)>(.*?)<\/c>/gs)) {
        if (c[2] !== row[1]) throw new Error(`cell ${c[1]}${c[2]} in row ${row[1]}`);
        const inline = /t="inlineStr"/.test(c[3]);
        const value = inline
          ? unescapeXml(/<t[^>]*>(.*?)<\/t>/s.exec(c[4])?.[1] ?? '')
          : Number(/<v>(.*?)<\/v>/s.exec(c[4])?.[1]);
        const idx = columnIndex(c[1]);
        while (cells.length < idx) cells.push(null);
        cells[idx] = value;
      }
      rows[Number(row[1]) - 1] = cells;
    }
    return { name: unescapeXml(m[1]), path, rows: Array.from(rows, (r) => r ?? []), xml };
  });
  return { files: Object.keys(zip), contentTypes: text('[Content_Types].xml'), sheets };
}

/** The sheet of that name (fails the test when absent). */
export function sheet(wb: Workbook, name: string): Workbook['sheets'][number] {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet "${name}" (sheets: ${wb.sheets.map((x) => x.name).join(', ')})`);
  return s;
}

/** The rows of a sheet after its header, each padded with nulls to the header's width. */
export function body(s: Workbook['sheets'][number]): (string | number | null)[][] {
  const width = s.rows[0]?.length ?? 0;
  return s.rows.slice(1).map((r) => [...r, ...Array<null>(Math.max(0, width - r.length)).fill(null)]);
}

/**
 * A small XML well-formedness check: tags balance, attributes are quoted, and every `&`
 * starts one of the five predefined entities or a character reference.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  if (!xml.startsWith('<?xml ')) problems.push('no XML declaration');
  const stack: string[] = [];
  for (const m of xml.matchAll(/<([^>]*)>/g)) {
    const tag = m[1];
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    const name = /^([A-Za-z_][\w:.-]*)/.exec(tag)?.[1];
    if (!name) {
      problems.push(`bad tag <${tag}>`);
      continue;
    }
    const attrs = tag.slice(name.length).replace(/\/$/, '');
    if (!/^(\s+[\w:.-]+="[^"<]*")*\s*$/.test(attrs)) problems.push(`bad attributes in <${tag}>`);
    if (!tag.endsWith('/')) stack.push(name);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  for (const m of xml.matchAll(/&([^;\s]{0,10});?/g)) {
    if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) problems.push(`bad entity ${m[0]}`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) problems.push('control character');
  return problems;
}
