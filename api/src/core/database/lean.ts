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
