import { Migration } from '@mikro-orm/migrations';

type SchemaBuilder = ReturnType<ReturnType<Migration['getKnex']>['schema']['createTable']>;

/**
 * A migration written with knex's schema builder instead of raw SQL, so that one migration
 * produces the right DDL for SQLite and for PostgreSQL.
 */
export abstract class SchemaMigration extends Migration {
  protected get schema() {
    return this.getKnex().schema;
  }

  /** Queues every statement of a builder (a table plus its indexes is several statements). */
  protected addSchema(builder: SchemaBuilder): void {
    for (const statement of builder.toSQL()) {
      this.addSql(this.getKnex().raw(statement.sql, statement.bindings).toQuery());
    }
  }
}
