import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { preparedQuery } from './tenant-db';

/**
 * The read path's find by id: a prepared statement (planned once per connection) hydrated
 * through the entity's own metadata, so that it returns the same entity TypeORM's findOne
 * would, without building and planning a query each time. Row-level security applies.
 */
export async function findById<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, id: string): Promise<E | null> {
  const meta = m.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => c.isSelect);
  const text = `SELECT ${columns.map((c) => `"${c.databaseName}"`).join(', ')} FROM "${meta.tableName}" WHERE "id" = $1`;
  const [row] = await preparedQuery<Record<string, unknown>>(m, text, [id]);
  if (!row) return null;
  const entity = meta.create() as E;
  for (const c of columns) c.setEntityValue(entity, m.connection.driver.prepareHydratedValue(row[c.databaseName], c));
  return entity;
}

/**
 * The total of a list page whose rows carry it (`count(*) OVER ()`, the read path's one query).
 * A page past the end has no row to carry it: only then is it counted, with the list's filter.
 */
export async function pageTotal(
  m: EntityManager,
  rows: { total: string }[],
  page: number,
  count: { text: string; values: unknown[] },
): Promise<number> {
  if (rows.length > 0) return Number(rows[0].total);
  if (page === 1) return 0;
  const [row] = await preparedQuery<{ n: string }>(m, count.text, count.values);
  return Number(row.n);
}
