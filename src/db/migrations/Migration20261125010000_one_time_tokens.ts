import { SchemaMigration } from './schema-migration.js';

export class Migration20261125010000_one_time_tokens extends SchemaMigration {
  override async up(): Promise<void> {
    this.addSchema(
      this.schema.createTable('one_time_tokens', (table) => {
        table.uuid('id').primary();
        table
          .uuid('user_id')
          .notNullable()
          .references('id')
          .inTable('users')
          .onDelete('CASCADE')
          .index('one_time_tokens_user_id_index');
        table.string('purpose', 32).notNullable();
        table.string('token_hash', 64).notNullable().unique({ indexName: 'one_time_tokens_token_hash_unique' });
        table.string('password_stamp', 64).notNullable();
        table.string('new_email', 254).nullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('expires_at', { useTz: true }).notNullable().index('one_time_tokens_expires_at_index');
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists one_time_tokens');
  }
}
