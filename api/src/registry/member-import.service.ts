import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parse } from 'csv-parse/sync';

import { APPOINTMENT_KINDS, ImportLineError, ImportResultDto } from '@cdlp/shared';
import { CreateMemberDto } from '@cdlp/shared/dto';
import { AuditService } from '../core/audit/audit.service';
import { flattenValidationErrors } from '../core/http/validation';
import { MemberEntity } from './member.entity';
import { MembersService } from './members.service';
import { TenantDb } from '../core/database/tenant-db';

/** CSV columns, in French as the secretariat's spreadsheets have them. */
export const MEMBER_CSV_COLUMNS = [
  'civilite',
  'prenom',
  'nom',
  'categorie',
  'organisme',
  'fonction',
  'email',
  'telephone',
  'arrete',
  'debut_mandat',
  'fin_mandat',
  'droit_de_vote',
  'siege',
  'designation',
  'email_titulaire',
  'exclu_examens_psp',
  'adresse_postale',
] as const;

/** Columns a file may leave out. */
const OPTIONAL_COLUMNS: readonly string[] = ['telephone', 'fin_mandat', 'email_titulaire', 'exclu_examens_psp', 'adresse_postale'];

const FIELD_OF_COLUMN: Record<string, string> = {
  civility: 'civilite',
  firstName: 'prenom',
  lastName: 'nom',
  categoryCode: 'categorie',
  organisation: 'organisme',
  function: 'fonction',
  email: 'email',
  phone: 'telephone',
  appointingOrderRef: 'arrete',
  termStart: 'debut_mandat',
  termEnd: 'fin_mandat',
  votingRight: 'droit_de_vote',
  seat: 'siege',
  appointmentKind: 'designation',
  titulaireId: 'email_titulaire',
  excludedFromPsp: 'exclu_examens_psp',
  postalAddress: 'adresse_postale',
};

export class ImportFailed extends Error {
  constructor(public readonly errors: ImportLineError[]) {
    super('import failed');
  }
}

/**
 * Imports members from a CSV file. All lines are checked first; if any line is
 * invalid nothing is imported and every error is reported with its line number.
 */
@Injectable()
export class MemberImportService {
  constructor(
    private readonly db: TenantDb,
    private readonly members: MembersService,
    private readonly audit: AuditService,
  ) {}

  async import(csv: string): Promise<ImportResultDto> {
    const records = this.parse(csv);
    const errors: ImportLineError[] = [];
    const dtos: { line: number; dto: CreateMemberDto; titulaireEmail: string | null }[] = [];
    for (const { line, row } of records) {
      const { dto, titulaireEmail, problems } = this.toDto(row);
      for (const p of problems) errors.push({ line, ...p });
      const validation = flattenValidationErrors(await validate(dto, { whitelist: true }));
      for (const v of validation) errors.push({ line, field: FIELD_OF_COLUMN[v.field] ?? v.field, message: v.message });
      dtos.push({ line, dto, titulaireEmail });
    }
    const emails = new Map<string, number>();
    for (const { line, dto } of dtos) {
      const key = (dto.email ?? '').toLowerCase();
      const first = emails.get(key);
      if (key && first !== undefined) {
        errors.push({ line, field: 'email', message: `Adresse électronique déjà présente à la ligne ${first}.` });
      } else emails.set(key, line);
    }
    if (errors.length > 0) throw new ImportFailed(errors);

    // Titulaires first, so that suppléants of the same file can be linked to them.
    const ordered = [...dtos].sort((a, b) => Number(a.dto.seat === 'SUPPLEANT') - Number(b.dto.seat === 'SUPPLEANT'));
    return this.db.transaction(async (em) => {
      for (const { line, dto, titulaireEmail } of ordered) {
        if (dto.seat === 'SUPPLEANT' && titulaireEmail) {
          const t = await em
            .getRepository(MemberEntity)
            .createQueryBuilder('m')
            .where('lower(m.email) = lower(:e) AND m.ended_at IS NULL', { e: titulaireEmail })
            .getOne();
          if (!t) {
            errors.push({ line, field: 'email_titulaire', message: `Aucun titulaire en fonction avec l'adresse ${titulaireEmail}.` });
            continue;
          }
          dto.titulaireId = t.id;
        }
        try {
          await this.members.insert(em, dto);
        } catch (err) {
          const body = (err as { getResponse?: () => unknown }).getResponse?.() as
            | { errors?: { field: string; message: string }[]; message?: string }
            | undefined;
          if (!body) throw err;
          for (const e of body.errors ?? [{ field: '', message: body.message ?? 'Ligne invalide.' }]) {
            errors.push({ line, field: FIELD_OF_COLUMN[e.field] ?? (e.field || null), message: e.message });
          }
        }
      }
      if (errors.length > 0) throw new ImportFailed(errors.sort((a, b) => a.line - b.line));
      await this.audit.record(em, {
        action: 'member.imported',
        entityType: 'member',
        details: { count: ordered.length },
      });
      return { imported: ordered.length, errors: [] };
    });
  }

  private parse(csv: string): { line: number; row: Record<string, string> }[] {
    const text = csv.replace(/^\uFEFF/, '');
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    let rows: string[][];
    // Line of the file where each record starts, so that errors name the line the user sees
    // even when blank lines (or quoted line breaks) come before it.
    let lines: number[];
    try {
      const parsed = parse(text, {
        delimiter,
        skip_empty_lines: true,
        // Spreadsheets export empty rows as ";;;;": they are not members.
        skip_records_with_empty_values: true,
        trim: true,
        relax_column_count: true,
        info: true,
      }) as unknown as { record: string[]; info: { lines: number } }[];
      rows = parsed.map((p) => p.record);
      lines = parsed.map((p) => p.info.lines - p.record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0));
    } catch (err) {
      throw new ImportFailed([{ line: 1, field: null, message: `Fichier CSV illisible : ${(err as Error).message}` }]);
    }
    if (rows.length === 0) throw new ImportFailed([{ line: 1, field: null, message: 'Le fichier est vide.' }]);
    const header = rows[0].map((h) => h.trim().toLowerCase());
    const missing = MEMBER_CSV_COLUMNS.filter((c) => !header.includes(c) && !OPTIONAL_COLUMNS.includes(c));
    if (missing.length > 0) {
      throw new ImportFailed([{ line: 1, field: null, message: `Colonnes manquantes : ${missing.join(', ')}.` }]);
    }
    if (rows.length === 1) throw new ImportFailed([{ line: 2, field: null, message: 'Le fichier ne contient aucun membre.' }]);
    return rows.slice(1).map((cells, i) => ({
      line: lines[i + 1],
      row: Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()])),
    }));
  }

  private toDto(row: Record<string, string>): {
    dto: CreateMemberDto;
    titulaireEmail: string | null;
    problems: { field: string; message: string }[];
  } {
    const problems: { field: string; message: string }[] = [];
    const bool = (col: string, fallback: boolean): boolean => {
      const v = (row[col] ?? '').toLowerCase();
      if (v === '') return fallback;
      if (['oui', 'o', 'true', '1', 'vrai'].includes(v)) return true;
      if (['non', 'n', 'false', '0', 'faux'].includes(v)) return false;
      problems.push({ field: col, message: `La valeur « ${row[col]} » doit être oui ou non.` });
      return fallback;
    };
    const civ = (row['civilite'] ?? '').toUpperCase().replace('.', '');
    const designation = (row['designation'] ?? '').toUpperCase();
    const dto = plainToInstance(CreateMemberDto, {
      civility: civ === 'MME' || civ === 'MADAME' ? 'MME' : civ === 'M' || civ === 'MONSIEUR' ? 'M' : row['civilite'],
      firstName: row['prenom'],
      lastName: row['nom'],
      categoryCode: (row['categorie'] ?? '').toUpperCase(),
      organisation: row['organisme'],
      function: row['fonction'],
      // An empty e-mail is allowed: the member's convocations are then printed as a letter.
      email: row['email'] || null,
      postalAddress: row['adresse_postale'] || null,
      phone: row['telephone'] || null,
      appointingOrderRef: row['arrete'],
      termStart: frenchDate(row['debut_mandat']),
      termEnd: row['fin_mandat'] ? frenchDate(row['fin_mandat']) : null,
      votingRight: bool('droit_de_vote', true),
      seat: (row['siege'] ?? '').toUpperCase(),
      appointmentKind: (APPOINTMENT_KINDS as readonly string[]).includes(designation) ? designation : row['designation'],
      titulaireId: null,
      excludedFromPsp: row['exclu_examens_psp'] ? bool('exclu_examens_psp', false) : undefined,
    });
    const titulaireEmail = row['email_titulaire'] || null;
    if (dto.seat === 'SUPPLEANT' && !titulaireEmail) {
      problems.push({ field: 'email_titulaire', message: "Un suppléant doit indiquer l'adresse de son titulaire (MEMB-1)." });
    }
    return { dto, titulaireEmail, problems };
  }
}

/** Accepts 2026-03-01 or 01/03/2026. */
function frenchDate(v: string | undefined): string {
  const s = (v ?? '').trim();
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : s;
}
