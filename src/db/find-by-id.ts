import type { EntityClass, EntityDictionary, EntityManager, Primary } from '@mikro-orm/core';
import { runRawQuery } from './raw-query.js';
import { statementCache } from './statement-cache.js';

/**
 * `em.findOne(Entity, id)` for the hot paths (`me`, refresh): one raw primary-key SELECT, then
 * `em.map`, which converts the row to a managed entity exactly as a find would (column names,
 * types, identity map). It skips the query builder, criteria processing and populate planning,
 * which the bench's profile of the `me` load showed costing about three times the query itself.
 * An entity already in this EntityManager's identity map is returned as is, as findOne does.
 */
export async function findById<T extends object>(em: EntityManager, entity: EntityClass<T>, id: string): Promise<T | null> {
  const meta = em.getMetadata().get<T>(entity.name);
  const known = em.getUnitOfWork().getById<T>(meta.className, id as Primary<T>);
  if (known) return known;
  const row = await runRawQuery<EntityDictionary<T> | undefined>(em, selectByIdQuery(em, entity), [id], 'get');
  return row ? em.map<T>(meta.className, row) : null;
}

/** Per entity class, built on first use of each (statement-cache.ts). */
const selectById = statementCache((names) => ({ names, perEntity: new Map<string, string>() }));

function selectByIdQuery(em: EntityManager, entity: EntityClass<object>): string {
  const { names, perEntity } = selectById(em);
  let query = perEntity.get(entity.name);
  if (!query) {
    const meta = em.getMetadata().get(entity.name);
    if (meta.primaryKeys.length !== 1) throw new Error(`findById needs a single primary key (${entity.name})`);
    query = `select * from ${names.table(entity)} where ${names.quote(meta.properties[meta.primaryKeys[0]].fieldNames[0])} = ?`;
    perEntity.set(entity.name, query);
  }
  return query;
}
