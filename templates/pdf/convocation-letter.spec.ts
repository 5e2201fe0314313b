import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConvocationLettersInput, renderConvocationLettersPdf } from './convocation-letter';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdlp-letter-'));
  try {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const input = (over: Partial<ConvocationLettersInput> = {}): ConvocationLettersInput => ({
  authority: 'Préfecture de la Vienne',
  commission: 'Commission départementale de lutte contre la prostitution — Vienne (86)',
  placeDate: 'Poitiers, le 7 décembre 2026',
  sittingNumber: '2026-09',
  kindLabel: 'Examen des demandes de parcours de sortie',
  modeLabel: 'En présentiel',
  dateLabel: 'mardi 15 décembre 2026 à 14 h 00',
  place: 'Préfecture, salle Jean Moulin',
  videoLink: null,
  writtenWindow: null,
  secondConvocation: false,
  urgencyReason: null,
  letters: [
    {
      addressee: {
        name: 'Mme Hélène Castaing',
        quality: 'Vice-procureure, Tribunal judiciaire',
        postalAddress: [],
      },
      items: [{ position: 1, title: 'Demande initiale PSP-86-2026-0007', detail: null, presenter: null }],
      forInformationOf: null,
    },
    {
      addressee: {
        name: 'M. Étienne Raynal',
        quality: 'Secrétaire général, Préfecture',
        postalAddress: ['7 place Aristide Briand', '86000 Poitiers'],
      },
      items: [{ position: 1, title: 'Bilan annuel', detail: null, presenter: 'DDFE' }],
      forInformationOf: 'Mme Claire Morvan',
    },
  ],
  generatedAt: new Date('2026-12-07T10:00:00Z'),
  ...over,
});

describe('renderConvocationLettersPdf (CONV-1, MAND-1)', () => {
  it('CONV-1: one letter a page with the République block, the addressee, place and date, agenda and mandate form', async () => {
    const pdf = await renderConvocationLettersPdf(input());
    const text = pdfText(pdf);
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      expect(page).toContain('RÉPUBLIQUE');
      expect(page).toContain('Préfecture de la Vienne');
      expect(page).toContain('Poitiers, le 7 décembre 2026');
      expect(page).toContain('Convocation à la séance n° 2026-09');
      expect(page).toContain('Préfecture, salle Jean Moulin');
      expect(page).toContain('MAND-1');
    }
    expect(pages[0]).toContain('Mme Hélène Castaing');
    expect(pages[0]).toContain('Remise en main propre');
    expect(pages[0]).toContain('1. Demande initiale PSP-86-2026-0007');
    expect(pages[1]).toContain('86000 Poitiers');
    expect(pages[1]).not.toContain('Remise en main propre');
    expect(pages[1]).toContain('suppléant(e) de Mme Claire Morvan (MEMB-1)');
    expect(pages[1]).toContain('Présenté par : DDFE');
  });

  it('CONV-2, QUOR-2: prints the urgency reason and the second convocation', async () => {
    const text = pdfText(
      await renderConvocationLettersPdf(input({ urgencyReason: 'Mise à l’abri', secondConvocation: true })),
    );
    expect(text).toContain('Convocation en urgence (CONV-2) : Mise à l’abri');
    expect(text).toContain('sans condition de quorum');
  });
});
