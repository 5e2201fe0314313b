import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module';
import { runMigrations } from '../bootstrap';
import { TenantDb } from '../core/database/tenant-db';
import { AuditService } from '../core/audit/audit.service';
import { AppConfig, ConfigError, loadConfig } from '../core/config/config';
import { DemoSeeder } from '../demo/demo-seed';
import { ImportFailed, MemberImportService } from '../registry/member-import.service';
import { UsersService } from '../users/users.service';
import { RetentionService } from '../psp-requests/retention.service';
import { PathwaysService } from '../pathways/pathways.service';
import { DocumentsService } from '../documents/documents.service';
import { NATIONAL_SCOPE, isDepartementCode } from '@cdlp/shared';
import { CreateUserDto } from '@cdlp/shared/dto';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = `Usage : npm run cdlp -- <commande>

Commandes :
  db:migrate                 applique les migrations en attente
  db:seed-demo               charge les données de démonstration (une seule fois)
  audit:verify               vérifie la chaîne d'empreintes du journal d'audit de chaque département
  members:import <fichier>   importe des membres depuis un fichier CSV (tout ou rien)
  pdf:verify <fichier.pdf>   dit si un PDF est un document authentique et non modifié du portail (SIG-2)
  retention:purge            supprime les données personnelles arrivées au terme de leur conservation (DP-3)
  pathways:alerts            envoie les alertes de fin de période des parcours (PSP-6)
  users:create-admin <courriel> <prénom> <nom>
                             crée un compte administrateur et lui envoie le lien d'activation
                             (--national : un administrateur national, qui ouvre les départements)

Option : --departement <code> limite la commande à un département (members:import et
users:create-admin : DEPARTEMENT_CODE par défaut ; les autres : tous les départements).`;

/** Runs one command and returns the process exit code. */
export async function runCli(argv: string[], config: AppConfig, io: CliIo): Promise<number> {
  const options = parseOptions(argv);
  if (typeof options === 'string') {
    io.err(options);
    return 2;
  }
  const [command, ...args] = options.rest;
  if (!command || command === 'help' || command === '--help') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  const known = ['db:migrate', 'db:seed-demo', 'audit:verify', 'members:import', 'users:create-admin', 'retention:purge', 'pathways:alerts', 'pdf:verify'];
  if (!known.includes(command)) {
    io.err(`Commande inconnue : ${command}\n\n${USAGE}`);
    return 2;
  }
  if (command === 'members:import' && !args[0]) {
    io.err('members:import attend le chemin d’un fichier CSV.');
    return 2;
  }
  if (command === 'pdf:verify' && !args[0]) {
    io.err('pdf:verify attend le chemin d’un fichier PDF.');
    return 2;
  }
  if (command === 'users:create-admin' && args.length < 3) {
    io.err('users:create-admin attend une adresse électronique, un prénom et un nom.');
    return 2;
  }
  if (command === 'db:migrate' || command === 'db:seed-demo') {
    // As the schema owner, before the application connects as its own role (TENANT-1).
    const done = await runMigrations(config);
    if (command === 'db:migrate') {
      io.out(done.length ? `Migrations appliquées : ${done.join(', ')}` : 'Base à jour : aucune migration en attente.');
      return 0;
    }
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, logLevel: 'warn' }), {
    logger: ['error', 'warn'],
  });
  try {
    return await execute(app, command, args, io, options, config);
  } finally {
    await app.close();
  }
}

interface CliOptions {
  rest: string[];
  departement: string | null;
  national: boolean;
}

function parseOptions(argv: string[]): CliOptions | string {
  const rest: string[] = [];
  let departement: string | null = null;
  let national = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--departement') {
      departement = argv[++i] ?? '';
      if (!isDepartementCode(departement)) return `--departement attend un code de département (reçu « ${departement} »).`;
    } else if (argv[i] === '--national') national = true;
    else rest.push(argv[i]);
  }
  return { rest, departement, national };
}

async function execute(
  app: INestApplicationContext,
  command: string,
  args: string[],
  io: CliIo,
  options: CliOptions,
  config: AppConfig,
): Promise<number> {
  const db = app.get(TenantDb);
  // TENANT-1: each command runs in the scope of one département, or of each in turn.
  const targets = options.departement ? [options.departement] : await db.activeDepartements();
  const one = options.departement ?? config.departementCode;
  switch (command) {
    case 'db:seed-demo': {
      const seeded = await app.get(DemoSeeder).seed();
      io.out(seeded ? 'Données de démonstration chargées.' : 'Données de démonstration déjà présentes : rien à faire.');
      return 0;
    }
    case 'audit:verify': {
      let broken = false;
      const scopes = options.departement ? targets : [...targets, NATIONAL_SCOPE];
      for (const scope of scopes) {
        const label = scope === NATIONAL_SCOPE ? 'national' : `du département ${scope}`;
        const r = await db.run(scope, () => app.get(AuditService).verify());
        if (r.ok) io.out(`Journal d'audit ${label} intègre : ${r.checked} ligne(s) vérifiée(s).`);
        else {
          broken = true;
          io.err(`Journal d'audit ${label} ALTÉRÉ : première ligne rompue n° ${r.firstBrokenId} (${r.reason}) après ${r.checked} ligne(s) valides.`);
        }
      }
      return broken ? 1 : 0;
    }
    case 'members:import': {
      const csv = await readFile(args[0], 'utf8');
      try {
        const r = await db.run(one, () => app.get(MemberImportService).import(csv));
        io.out(`${r.imported} membre(s) importé(s) dans le département ${one}.`);
        return 0;
      } catch (err) {
        if (!(err instanceof ImportFailed)) throw err;
        io.err(`Import refusé, aucun membre importé. ${err.errors.length} erreur(s) :`);
        for (const e of err.errors) io.err(`  ligne ${e.line}${e.field ? ` [${e.field}]` : ''} : ${e.message}`);
        return 1;
      }
    }
    case 'pdf:verify': {
      const pdf = await readFile(args[0]);
      const r = await db.run(one, () => app.get(DocumentsService).verify(pdf, null));
      (r.status === 'GENUINE' ? io.out : io.err)(`${r.status === 'GENUINE' ? 'AUTHENTIQUE' : r.status === 'ALTERED' ? 'ALTÉRÉ' : 'INCONNU'} — ${r.message}`);
      io.out(`SHA-256 : ${r.sha256}`);
      return r.status === 'GENUINE' ? 0 : 1;
    }
    case 'retention:purge': {
      for (const d of targets) {
        const r = await db.run(d, () => app.get(RetentionService).purge());
        io.out(`Purge DP-3 (${d}) : ${r.requests} demande(s), ${r.pathways} parcours et ${r.documents} pièce(s) anonymisés.`);
      }
      return 0;
    }
    case 'pathways:alerts': {
      for (const d of targets) {
        const n = await db.run(d, () => app.get(PathwaysService).sendExpiryAlerts());
        io.out(`${d} : ${n} alerte(s) de fin de période mise(s) en file d'envoi.`);
      }
      return 0;
    }
    case 'users:create-admin': {
      const [email, firstName, lastName] = args;
      const dto = plainToInstance(CreateUserDto, { email, firstName, lastName, role: options.national ? 'NATIONAL_ADMIN' : 'ADMIN' });
      const problems = await validate(dto);
      if (problems.length > 0) {
        for (const p of problems) io.err(Object.values(p.constraints ?? {}).join(' '));
        return 1;
      }
      try {
        await db.run(options.national ? NATIONAL_SCOPE : one, () => app.get(UsersService).create(dto));
      } catch (err) {
        const body = (err as { getResponse?: () => { message?: string } }).getResponse?.();
        if (!body) throw err;
        io.err(body.message ?? 'Création impossible.');
        return 1;
      }
      io.out(
        `Compte administrateur ${options.national ? 'national' : `du département ${one}`} créé pour ${email} : le lien d'activation part par courriel.`,
      );
      return 0;
    }
  }
  return 2;
}

/** Entry point of `npm run cdlp` (dist/api/cli.js). */
export function cliMain(): void {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  runCli(process.argv.slice(2), config, {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  })
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      process.stderr.write(`Erreur : ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
