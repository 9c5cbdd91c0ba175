import type { EntityClass, EntityManager, MetadataStorage } from '@mikro-orm/core';

/**
 * Table and column names as the entity metadata and the dialect spell them, quoted, for the
 * raw statements of the stores (stores/). Raw statements, not the query builder, on the paths
 * the bench's profiles showed the builder and criteria processing costing several times the
 * query itself (login, refresh, the session check of every request).
 */
export interface SqlNames {
  quote(name: string): string;
  table(entity: EntityClass<object>): string;
  /** `[alias.]"column"` of an entity's property. */
  column<T extends object>(entity: EntityClass<T>, property: keyof T & string, alias?: string): string;
  /** `<column> as "<alias>"` for each pair, for a SELECT list (quoted: PostgreSQL folds unquoted aliases). */
  aliased(columns: ReadonlyArray<readonly [string, string]>): string;
}

function namesFor(em: EntityManager): SqlNames {
  const storage = em.getMetadata();
  const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
  return {
    quote,
    table: (entity) => quote(storage.get(entity.name).tableName),
    column: (entity, property, alias) => {
      const column = quote(storage.get(entity.name).properties[property].fieldNames[0]);
      return alias ? `${alias}.${column}` : column;
    },
    aliased: (columns) => columns.map(([alias, column]) => `${column} as ${quote(alias)}`).join(', '),
  };
}

/**
 * The one statement cache: `build` runs once per ORM (its metadata) on first use, and every
 * later call returns the same SQL texts, so that each statement keeps one text (and, on
 * SQLite, one prepared statement: sqlite-reader.ts, orm.ts).
 */
export function statementCache<T>(build: (names: SqlNames) => T): (em: EntityManager) => T {
  const built = new WeakMap<MetadataStorage, T>();
  return (em) => {
    const storage = em.getMetadata();
    let statements = built.get(storage);
    if (statements === undefined) {
      statements = build(namesFor(em));
      built.set(storage, statements);
    }
    return statements;
  };
}
