import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportResultDto } from '@cdlp/shared';
import { runCli } from '../../src/cli/cli';
import { count, lastAuditId, must } from '../fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

const COLUMNS = [
  'civilite', 'prenom', 'nom', 'categorie', 'organisme', 'fonction', 'email', 'telephone', 'arrete',
  'debut_mandat', 'fin_mandat', 'droit_de_vote', 'siege', 'designation', 'email_titulaire', 'exclu_examens_psp',
];

interface ImportErrorBody {
  statusCode: number;
  message: string;
  errors: { line: number; field: string; message: string }[];
}

type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

function line(row: Row, delimiter: string): string {
  return COLUMNS.map((c) => {
    const v = row[c] ?? '';
    return v.includes(delimiter) || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(delimiter);
}

function csv(rows: Row[], delimiter = ';', eol = '\n'): string {
  return [COLUMNS.join(delimiter), ...rows.map((r) => line(r, delimiter))].join(eol) + eol;
}

let seq = 0;
function row(over: Row = {}): Row {
  seq++;
  return {
    civilite: 'Mme',
    prenom: 'Odile',
    nom: `Importée${seq}`,
    categorie: 'ETAT_SANTE',
    organisme: 'ARS Nouvelle-Aquitaine',
    fonction: 'Chargée de mission',
    email: `import-${seq}-${Date.now()}@example.fr`,
    arrete: 'Arrêté préfectoral n° 86-2026-12',
    debut_mandat: '15/01/2026',
    droit_de_vote: 'oui',
    siege: 'TITULAIRE',
    designation: 'EX_OFFICIO',
    ...over,
  };
}

describe('member import (CSV, all or nothing)', () => {
  let t: TestApp;
  let sec: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    sec = await t.login(DEMO.secretariat);
  });

  afterAll(async () => {
    await t.close();
  });

  function upload<T = ImportResultDto>(content: string | Buffer, filename = 'membres.csv') {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/csv' }), filename);
    return sec.post<T>('/members/import', form);
  }

  /** Expects a refused import: 400, errors as given (line, column, message), and nothing written. */
  async function expectRefused(content: string, errors: { line: number; field: string; message: string }[]) {
    const members = await count(t, 'member');
    const audit = await lastAuditId(t);
    const r = await upload<ImportErrorBody>(content);
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(`Import refusé : ${r.body.errors.length} erreur(s). Aucun membre n'a été importé.`);
    for (const e of errors) expect(r.body.errors).toContainEqual(e);
    expect(await count(t, 'member')).toBe(members);
    expect(await lastAuditId(t)).toBe(audit);
    return r.body;
  }

  describe('a valid file', () => {
    it('imports every line of a ";" file with dd/mm/yyyy dates, and links a suppléant listed before its titulaire', async () => {
      const titulaire = row({
        civilite: 'Madame',
        nom: 'Import-Titulaire',
        email: 'odile.titulaire@example.fr',
        telephone: '05 49 11 22 33',
        fin_mandat: '14/01/2029',
      });
      const suppleant = row({
        civilite: 'M.',
        prenom: 'Rémi',
        nom: 'Import-Suppléant',
        email: 'remi.suppleant@example.fr',
        organisme: 'ars nouvelle-aquitaine',
        droit_de_vote: 'non',
        siege: 'suppleant',
        email_titulaire: 'Odile.Titulaire@example.fr',
      });
      const enfance = row({
        prenom: 'Zoé',
        nom: 'Import-Enfance',
        categorie: 'protection_enfance',
        organisme: 'Conseil départemental — ASE',
        designation: 'representative',
        debut_mandat: '2026-02-01',
        email: 'zoe.enfance@example.fr',
      });
      const before = await count(t, 'member');
      const r = await upload(csv([suppleant, titulaire, enfance]));
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ imported: 3, errors: [] });
      expect(await count(t, 'member')).toBe(before + 3);

      const rows: Record<string, unknown>[] = await t.ds.query(
        `SELECT id, email, civility, first_name, last_name, phone, term_start::text, term_end::text, voting_right, seat,
                titulaire_id, appointment_kind, category_code, excluded_from_psp
           FROM member WHERE email IN ('odile.titulaire@example.fr', 'remi.suppleant@example.fr', 'zoe.enfance@example.fr')`,
      );
      const by = (email: string) => must(rows.find((x) => x['email'] === email), email);
      expect(by('odile.titulaire@example.fr')).toMatchObject({
        civility: 'MME',
        last_name: 'Import-Titulaire',
        phone: '05 49 11 22 33',
        term_start: '2026-01-15',
        term_end: '2029-01-14',
        voting_right: true,
        seat: 'TITULAIRE',
        titulaire_id: null,
      });
      expect(by('remi.suppleant@example.fr')).toMatchObject({
        civility: 'M',
        first_name: 'Rémi',
        voting_right: false,
        seat: 'SUPPLEANT',
        titulaire_id: by('odile.titulaire@example.fr')['id'],
      });
      // COMP-3: the category default applies to imported members too.
      expect(by('zoe.enfance@example.fr')).toMatchObject({
        category_code: 'PROTECTION_ENFANCE',
        appointment_kind: 'REPRESENTATIVE',
        excluded_from_psp: true,
        term_start: '2026-02-01',
      });
      expect(await count(t, 'audit_event', `action = 'member.imported' AND details->>'count' = '3'`)).toBe(1);
    });

    it('imports a "," file with quoted fields, a BOM and Windows line ends', async () => {
      const a = row({ organisme: 'Ville de Poitiers, direction de la santé', fonction: 'Adjointe "santé"' });
      const b = row({ civilite: 'M', prenom: 'Éric' });
      const content = `\uFEFF${csv([a, b], ',', '\r\n')}`;
      const r = await upload(content);
      expect(r.status).toBe(200);
      expect(r.body.imported).toBe(2);
      const rows: { organisation: string; function: string }[] = await t.ds.query(
        `SELECT organisation, function FROM member WHERE email = $1`,
        [a.email],
      );
      expect(rows).toEqual([{ organisation: 'Ville de Poitiers, direction de la santé', function: 'Adjointe "santé"' }]);
    });

    it('CONV-1: imports members with an empty e-mail (stored as none) and the optional adresse_postale column', async () => {
      const a = row({ email: '', nom: 'SansCourriel' });
      const b = row({ email: '', nom: 'SansCourrielBis' });
      const header = `${COLUMNS.join(';')};adresse_postale`;
      const content = [header, `${line(a, ';')};"12 rue Carnot, 86000 Poitiers"`, `${line(b, ';')};`].join('\n') + '\n';
      const r = await upload(content);
      expect(r.status).toBe(200);
      expect(r.body.imported).toBe(2);
      const rows: { last_name: string; email: string | null; postal_address: string | null }[] = await t.ds.query(
        `SELECT last_name, email, postal_address FROM member WHERE last_name IN ($1, $2) ORDER BY last_name`,
        [a.nom, b.nom],
      );
      expect(rows).toEqual([
        { last_name: 'SansCourriel', email: null, postal_address: '12 rue Carnot, 86000 Poitiers' },
        { last_name: 'SansCourrielBis', email: null, postal_address: null },
      ]);
    });

    it('ignores rows made only of separators, as spreadsheets export them', async () => {
      const content = `${csv([row(), row()])};;;;;;;;;;;;;;;\n;;;;;;;;;;;;;;;\n`;
      const r = await upload(content);
      expect(r.status).toBe(200);
      expect(r.body.imported).toBe(2);
    });
  });

  describe('a file with errors imports nothing', () => {
    it('one bad line among good ones: nothing is imported, errors name the line and the column', async () => {
      const body = await expectRefused(
        csv([row(), row({ debut_mandat: '31/02/2026', email: 'pas-une-adresse', droit_de_vote: 'peut-être' }), row()]),
        [
          { line: 3, field: 'debut_mandat', message: 'Le début du mandat doit être une date au format AAAA-MM-JJ.' },
          { line: 3, field: 'email', message: "L'adresse électronique n'est pas valide." },
          { line: 3, field: 'droit_de_vote', message: 'La valeur « peut-être » doit être oui ou non.' },
        ],
      );
      expect(body.errors.every((e) => e.line === 3)).toBe(true);
    });

    it('reports errors on several lines, each with its own line number', async () => {
      await expectRefused(csv([row({ civilite: 'Mlle' }), row(), row({ siege: 'MEMBRE', categorie: '' })]), [
        { line: 2, field: 'civilite', message: 'La civilité doit être « MME » ou « M ».' },
        { line: 4, field: 'siege', message: 'Le siège doit être « TITULAIRE » ou « SUPPLEANT ».' },
        { line: 4, field: 'categorie', message: 'La catégorie est obligatoire.' },
      ]);
    });

    it('gives the line number of the file, blank lines included', async () => {
      const content = `${COLUMNS.join(';')}\n${line(row(), ';')}\n\n${line(row({ email: 'faux' }), ';')}\n`;
      await expectRefused(content, [{ line: 4, field: 'email', message: "L'adresse électronique n'est pas valide." }]);
    });

    it('a rule broken only in the database check (MEMB-1) still rolls back the lines before it', async () => {
      // Line 2 is valid and is inserted first; line 3 names a qualified person as titulaire.
      await expectRefused(
        csv([
          row(),
          row({
            siege: 'SUPPLEANT',
            categorie: 'PROFESSIONNEL_SANTE',
            organisme: "Conseil départemental de l'ordre des médecins",
            email_titulaire: 'medecin@demo.cdlp.fr',
          }),
        ]),
        [{ line: 3, field: 'email_titulaire', message: 'Une personnalité qualifiée ne peut pas être suppléée (MEMB-1).' }],
      );
    });

    it('refuses an address already used by a member in office, or twice in the file', async () => {
      const dup = row();
      await expectRefused(csv([row({ email: 'GENDARMERIE@demo.cdlp.fr' }), dup, { ...dup, nom: 'Doublon' }]), [
        { line: 4, field: 'email', message: 'Adresse électronique déjà présente à la ligne 3.' },
      ]);
      await expectRefused(csv([row(), row({ email: 'GENDARMERIE@demo.cdlp.fr' })]), [
        { line: 3, field: 'email', message: 'Un membre en fonction utilise déjà cette adresse électronique.' },
      ]);
    });

    it('a suppléant must name the address of a titulaire in office', async () => {
      await expectRefused(csv([row({ siege: 'SUPPLEANT' })]), [
        { line: 2, field: 'email_titulaire', message: "Un suppléant doit indiquer l'adresse de son titulaire (MEMB-1)." },
      ]);
      await expectRefused(csv([row({ siege: 'SUPPLEANT', email_titulaire: 'inconnu@example.fr' })]), [
        { line: 2, field: 'email_titulaire', message: "Aucun titulaire en fonction avec l'adresse inconnu@example.fr." },
      ]);
    });

    it('refuses a file without the required columns, an empty file and a file without members', async () => {
      await expectRefused('prenom;nom;email\nA;B;a@example.fr\n', [
        {
          line: 1,
          field: '',
          message:
            'Colonnes manquantes : civilite, categorie, organisme, fonction, arrete, debut_mandat, droit_de_vote, siege, designation.',
        },
      ]);
      await expectRefused('', [{ line: 1, field: '', message: 'Le fichier est vide.' }]);
      await expectRefused(`${COLUMNS.join(';')}\n`, [{ line: 2, field: '', message: 'Le fichier ne contient aucun membre.' }]);
    });

    it('asks for the file when none is sent (400, field file)', async () => {
      const r = await sec.post<ImportErrorBody>('/members/import', new FormData());
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('Joignez un fichier CSV (champ « file »).');
      expect(r.body.errors).toEqual([{ field: 'file', message: 'Fichier manquant.' }]);
    });

    it('refuses a file over 2 MB (400, field file, the message gives the 2 Mo limit)', async () => {
      const members = await count(t, 'member');
      const r = await upload<ImportErrorBody>(Buffer.alloc(2 * 1024 * 1024 + 10, 'a'));
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('Le fichier dépasse la taille maximale autorisée (2 Mo).');
      expect(r.body.errors).toEqual([{ field: 'file', message: 'Fichier trop volumineux (2 Mo au plus).' }]);
      expect(await count(t, 'member')).toBe(members);
    });
  });

  describe('command line', () => {
    async function cli(argv: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, t.config, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out, err };
    }

    it('members:import imports a file and says how many members', async () => {
      const path = join(t.dataDir, 'membres.csv');
      const a = row();
      const b = row({ siege: 'SUPPLEANT', email_titulaire: a.email });
      writeFileSync(path, csv([a, b]));
      const before = await count(t, 'member');
      const r = await cli(['members:import', path]);
      expect(r).toEqual({ code: 0, out: ['2 membre(s) importé(s) dans le département 86.'], err: [] });
      expect(await count(t, 'member')).toBe(before + 2);
    });

    it('members:import exits 1, imports nothing and lists the errors by line and column', async () => {
      const path = join(t.dataDir, 'membres-faux.csv');
      writeFileSync(path, csv([row(), row({ debut_mandat: '2026-13-01' })]));
      const before = await count(t, 'member');
      const r = await cli(['members:import', path]);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([
        'Import refusé, aucun membre importé. 1 erreur(s) :',
        '  ligne 3 [debut_mandat] : Le début du mandat doit être une date au format AAAA-MM-JJ.',
      ]);
      expect(await count(t, 'member')).toBe(before);
    });

    it('members:import without a path exits 2 with a French message', async () => {
      const r = await cli(['members:import']);
      expect(r.code).toBe(2);
      expect(r.err).toEqual(['members:import attend le chemin d’un fichier CSV.']);
    });
  });
});
