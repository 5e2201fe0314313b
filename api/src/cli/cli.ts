import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { AuditService } from '../core/audit/audit.service';
import { AppConfig, ConfigError, loadConfig } from '../core/config/config';
import { DemoSeeder } from '../demo/demo-seed';
import { ImportFailed, MemberImportService } from '../registry/member-import.service';
import { UsersService } from '../users/users.service';
import { RetentionService } from '../psp-requests/retention.service';
import { PathwaysService } from '../pathways/pathways.service';
import { DocumentsService } from '../documents/documents.service';
import { CreateUserDto } from '@cdlp/shared';
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
  audit:verify               vérifie la chaîne d'empreintes du journal d'audit
  members:import <fichier>   importe des membres depuis un fichier CSV (tout ou rien)
  pdf:verify <fichier.pdf>   dit si un PDF est un document authentique et non modifié du portail (SIG-2)
  retention:purge            supprime les données personnelles arrivées au terme de leur conservation (DP-3)
  pathways:alerts            envoie les alertes de fin de période des parcours (PSP-6)
  users:create-admin <courriel> <prénom> <nom>
                             crée un compte administrateur et lui envoie le lien d'activation`;

/** Runs one command and returns the process exit code. */
export async function runCli(argv: string[], config: AppConfig, io: CliIo): Promise<number> {
  const [command, ...args] = argv;
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
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, logLevel: 'warn' }), {
    logger: ['error', 'warn'],
  });
  try {
    return await execute(app, command, args, io);
  } finally {
    await app.close();
  }
}

async function execute(app: INestApplicationContext, command: string, args: string[], io: CliIo): Promise<number> {
  const ds = app.get(DataSource);
  switch (command) {
    case 'db:migrate': {
      const done = await ds.runMigrations({ transaction: 'each' });
      io.out(done.length ? `Migrations appliquées : ${done.map((m) => m.name).join(', ')}` : 'Base à jour : aucune migration en attente.');
      return 0;
    }
    case 'db:seed-demo': {
      await ds.runMigrations({ transaction: 'each' });
      const seeded = await app.get(DemoSeeder).seed();
      io.out(seeded ? 'Données de démonstration chargées.' : 'Données de démonstration déjà présentes : rien à faire.');
      return 0;
    }
    case 'audit:verify': {
      const r = await app.get(AuditService).verify();
      if (r.ok) {
        io.out(`Journal d'audit intègre : ${r.checked} ligne(s) vérifiée(s).`);
        return 0;
      }
      io.err(`Journal d'audit ALTÉRÉ : première ligne rompue n° ${r.firstBrokenId} (${r.reason}) après ${r.checked} ligne(s) valides.`);
      return 1;
    }
    case 'members:import': {
      const csv = await readFile(args[0], 'utf8');
      try {
        const r = await app.get(MemberImportService).import(csv);
        io.out(`${r.imported} membre(s) importé(s).`);
        return 0;
      } catch (err) {
        if (!(err instanceof ImportFailed)) throw err;
        io.err(`Import refusé, aucun membre importé. ${err.errors.length} erreur(s) :`);
        for (const e of err.errors) io.err(`  ligne ${e.line}${e.field ? ` [${e.field}]` : ''} : ${e.message}`);
        return 1;
      }
    }
    case 'pdf:verify': {
      const r = await app.get(DocumentsService).verify(await readFile(args[0]), null);
      (r.status === 'GENUINE' ? io.out : io.err)(`${r.status === 'GENUINE' ? 'AUTHENTIQUE' : r.status === 'ALTERED' ? 'ALTÉRÉ' : 'INCONNU'} — ${r.message}`);
      io.out(`SHA-256 : ${r.sha256}`);
      return r.status === 'GENUINE' ? 0 : 1;
    }
    case 'retention:purge': {
      const r = await app.get(RetentionService).purge();
      io.out(`Purge DP-3 : ${r.requests} demande(s), ${r.pathways} parcours et ${r.documents} pièce(s) anonymisés.`);
      return 0;
    }
    case 'pathways:alerts': {
      const n = await app.get(PathwaysService).sendExpiryAlerts();
      io.out(`${n} alerte(s) de fin de période mise(s) en file d'envoi.`);
      return 0;
    }
    case 'users:create-admin': {
      const [email, firstName, lastName] = args;
      const dto = plainToInstance(CreateUserDto, { email, firstName, lastName, role: 'ADMIN' });
      const problems = await validate(dto);
      if (problems.length > 0) {
        for (const p of problems) io.err(Object.values(p.constraints ?? {}).join(' '));
        return 1;
      }
      try {
        await app.get(UsersService).create(dto);
      } catch (err) {
        const body = (err as { getResponse?: () => { message?: string } }).getResponse?.();
        if (!body) throw err;
        io.err(body.message ?? 'Création impossible.');
        return 1;
      }
      io.out(`Compte administrateur créé pour ${email} : le lien d'activation part par courriel.`);
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
