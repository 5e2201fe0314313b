import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SESSION_COOKIE } from '@cdlp/shared';
import { sessionScopeStatement } from '../api/src/core/auth/session.service';
import { sha256Hex } from '../api/src/core/auth/tokens';
import { sittingListStatement } from '../api/src/sittings/sitting-list.service';
import { BARE_SITTINGS_SQL } from './servers/bare-sql.cjs';
import { medianOf } from './http-load';
import { out } from './report';

export interface DatabaseFloor {
  /** Transactions per second of the bare endpoint's one query, alone. */
  bareTps: number;
  /** Transactions per second of the database work of one GET /api/sittings by a member, alone. */
  portalTps: number;
}

/**
 * The database's share of the read path, measured without Node: pgbench (PostgreSQL's own C
 * client, on every core) runs the statements of one `GET /api/sittings` by a member (the
 * session lookup that sets the scope, the list, the commit: the api's text, as the app role,
 * under row-level security) and, for comparison, the bare endpoint's one query. What the
 * database alone cannot exceed bounds what the api can reach, whatever its JavaScript costs.
 * pgbench sends BEGIN on its own (4 round trips; the api sends START TRANSACTION with the
 * lookup, 3), and its connections use generic plans, as the api's reads do (TenantDb.begin). Returns null, after saying so, where pgbench is not installed.
 */
export function databaseFloor(
  dbUrl: string,
  cookie: string,
  memberId: string,
  seconds: number,
  rounds: number,
): DatabaseFloor | null {
  if (spawnSync('pgbench', ['--version']).status !== 0) {
    out('  database floor: pgbench is not installed (it comes with the PostgreSQL server: Debian package postgresql-15), skipped');
    return null;
  }
  const token = decodeURIComponent(new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(cookie)?.[1] ?? '');
  const list = sittingListStatement(
    { role: 'MEMBER', memberId },
    '86',
    { page: 1, pageSize: 20 },
    new Date(),
  );
  // pgbench's variables (:p1, :p2…) are sent as the parameters of its prepared statements.
  const variables = list.values.map(
    (v, i) => `p${i + 1}=${Array.isArray(v) ? `{${v.join(',')}}` : String(v)}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'cdlp-floor-'));
  const oneLine = (sql: string) =>
    `${sql
      .replace(/\s+/g, ' ')
      .replace(/\$(\d+)/g, ':p$1')
      .trim()};\n`;
  writeFileSync(join(dir, 'bare.sql'), oneLine(BARE_SITTINGS_SQL));
  writeFileSync(
    join(dir, 'portal.sql'),
    `BEGIN;\n${oneLine(sessionScopeStatement(sha256Hex(token)))}${oneLine(list.text)}COMMIT;\n`,
  );
  const tps = (script: string, appRole: boolean): number => {
    const r = spawnSync(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        '50',
        '-j',
        String(availableParallelism()),
        '-T',
        String(seconds),
        ...variables.flatMap((v) => ['-D', v]),
        '-f',
        join(dir, script),
        dbUrl,
      ],
      { encoding: 'utf8', env: { ...process.env, PGOPTIONS: appRole ? '-c role=cdlp_app -c plan_cache_mode=force_generic_plan' : '' } },
    );
    const found = /tps = ([\d.]+)/.exec(r.stdout);
    if (r.status !== 0 || !found) throw new Error(`pgbench ${script}: ${r.stderr.slice(0, 400)}`);
    return Number(found[1]);
  };
  try {
    const bare: number[] = [];
    const portal: number[] = [];
    for (let i = 0; i < rounds; i++) {
      bare.push(tps('bare.sql', false));
      portal.push(tps('portal.sql', true));
    }
    return { bareTps: medianOf(bare), portalTps: medianOf(portal) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The member's id (the demo member), read as the schema owner. */
export async function memberIdOf(dbUrl: string, email: string): Promise<string> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const r = await c.query<{ member_id: string }>(`SELECT member_id FROM app_user WHERE email = $1`, [
      email,
    ]);
    return r.rows[0].member_id;
  } finally {
    await c.end();
  }
}
