import { DataSource } from 'typeorm';
import { APP_DB_ROLE } from '../../src/core/database/data-source';
import { ENTITIES } from '../../src/core/database/entities';
import { TenantDb, preparedQuery } from '../../src/core/database/tenant-db';
import { TestApp, startTestApp } from '../test-app';

/**
 * TENANT-1: what a unit of work sets on its connection (the département, the read path's plan
 * mode) ends with its transaction, so a pooled connection never carries it to the next one.
 */
describe('TENANT-1: transactions on a pooled connection', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(() => t.close());

  /** A data source of one connection as the application role. */
  const poolOfOne = (): Promise<DataSource> =>
    new DataSource({
      type: 'postgres',
      url: t.db.url,
      entities: ENTITIES,
      extra: { max: 1, options: `-c role=${APP_DB_ROLE}` },
    }).initialize();

  it('TENANT-1: SET LOCAL does not leak to the next transaction on the same pooled connection', async () => {
    // A pool of one connection: every unit of work below runs on the same server process.
    const ds = await poolOfOne();
    try {
      const db = new TenantDb(ds);
      const pid = async () => ((await ds.query(`SELECT pg_backend_pid() AS p`)) as { p: number }[])[0].p;
      const first = await pid();
      const in79 = await db.run('79', async (m) => {
        const [{ n }]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM psp_request`);
        const [{ p }]: { p: number }[] = await m.query(`SELECT pg_backend_pid() AS p`);
        return { n, p };
      });
      expect(in79.n).toBeGreaterThan(0);
      expect(in79.p).toBe(first);
      // After the commit: the same connection has no département any more.
      const after: { v: string | null; n: number; p: number }[] = await ds.query(
        `SELECT current_setting('app.departement', true) AS v, (SELECT count(*)::int FROM psp_request) AS n, pg_backend_pid() AS p`,
      );
      expect(after[0]).toEqual({ v: '', n: 0, p: first });
      // Nor after a rollback.
      await expect(
        db.run('79', async (m) => {
          await m.query(`SELECT 1`);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const afterError: { v: string | null; n: number }[] = await ds.query(
        `SELECT current_setting('app.departement', true) AS v, (SELECT count(*)::int FROM psp_request) AS n`,
      );
      expect(afterError[0]).toEqual({ v: '', n: 0 });
      // And the next scope sees only its own rows.
      const in86 = await db.run(
        '86',
        (m) =>
          m.query(`SELECT count(*)::int AS n FROM psp_request WHERE departement_code <> '86'`) as Promise<
            { n: number }[]
          >,
      );
      expect(in86[0].n).toBe(0);
    } finally {
      await ds.destroy();
    }
  });

  it('TENANT-1 and the read path: a read runs its prepared statements on their generic plan, and the setting ends with its transaction', async () => {
    // What the read set must be gone for the next unit of work.
    const ds = await poolOfOne();
    try {
      const db = new TenantDb(ds);
      const page = `SELECT id FROM psp_request WHERE departement_code = $1 ORDER BY reference LIMIT $2 OFFSET $3`;
      const { tx, rows } = await db.begin(
        `SELECT current_setting('plan_cache_mode') AS mode, set_config('app.departement', '79', true) AS dep`,
        { genericPlans: true },
      );
      expect(rows[0]).toEqual({ mode: 'force_generic_plan', dep: '79' });
      const plans = await tx.run('79', async (m) => {
        for (let i = 0; i < 8; i++)
          expect((await preparedQuery(m, page, ['79', 5, 0])).length).toBeGreaterThan(0);
        return (await m.query(
          `SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements`,
        )) as { generic: number; custom: number }[];
      });
      // Without the setting PostgreSQL plans this statement anew at each call (its LIMIT is a parameter).
      expect(plans).toEqual([{ generic: 8, custom: 0 }]);
      const [after]: { mode: string }[] = await ds.query(`SELECT current_setting('plan_cache_mode') AS mode`);
      expect(after.mode).toBe('auto');
      // A write's transaction keeps PostgreSQL's default.
      const write = await db.begin(
        `SELECT current_setting('plan_cache_mode') AS mode, set_config('app.departement', '79', true) AS dep`,
      );
      expect(write.rows[0]).toEqual({ mode: 'auto', dep: '79' });
      await write.tx.abandon();
    } finally {
      await ds.destroy();
    }
  });
});
