import { SchemaMigration } from './schema-migration.js';

/**
 * How each session was authenticated (issue 14): the methods, the assurance level and the time.
 * Sessions from before were all password logins at their creation.
 */
export class Migration20261201000000_session_authentication extends SchemaMigration {
  override async up(): Promise<void> {
    this.addSchema(
      this.schema.alterTable('sessions', (table) => {
        table.string('auth_methods', 128).notNullable().defaultTo('PASSWORD');
        table.integer('assurance_level').notNullable().defaultTo(1);
        // Nullable only for the rows from before, filled below; every new session writes it.
        table.timestamp('authenticated_at', { useTz: true }).nullable();
      }),
    );
    this.addSql('update sessions set authenticated_at = created_at where authenticated_at is null');
  }

  override async down(): Promise<void> {
    this.addSchema(
      this.schema.alterTable('sessions', (table) => {
        table.dropColumn('auth_methods');
        table.dropColumn('assurance_level');
        table.dropColumn('authenticated_at');
      }),
    );
  }
}
