import type { EntityClass, EntityDictionary, EntityManager, MetadataStorage, Primary } from '@mikro-orm/core';
import { runRawQuery } from './raw-query.js';

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
  const row = await runRawQuery<EntityDictionary<T> | undefined>(em, selectByIdQuery(em, meta.className), [id], 'get');
  return row ? em.map<T>(meta.className, row) : null;
}

const queries = new WeakMap<MetadataStorage, Map<string, string>>();

function selectByIdQuery(em: EntityManager, className: string): string {
  const storage = em.getMetadata();
  let perEntity = queries.get(storage);
  if (!perEntity) queries.set(storage, (perEntity = new Map()));
  let query = perEntity.get(className);
  if (!query) {
    const meta = storage.get(className);
    const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
    if (meta.primaryKeys.length !== 1) throw new Error(`findById needs a single primary key (${className})`);
    const primaryKey = meta.properties[meta.primaryKeys[0]].fieldNames[0];
    query = `select * from ${quote(meta.tableName)} where ${quote(primaryKey)} = ?`;
    perEntity.set(className, query);
  }
  return query;
}
