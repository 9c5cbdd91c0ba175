import { SchemaMigration } from './schema-migration.js';

export class Migration20261125000000_users_and_sessions extends SchemaMigration {
  override async up(): Promise<void> {
    this.addSchema(
      this.schema
        .createTable('users', (table) => {
          table.uuid('id').primary();
          table.string('username', 150).notNullable();
          table.string('username_key', 600).notNullable().unique({ indexName: 'users_username_key_unique' });
          table.string('email', 254).notNullable();
          table.string('email_key', 254).notNullable().unique({ indexName: 'users_email_key_unique' });
          table.text('password_hash').notNullable();
          table.string('role', 16).notNullable().defaultTo('USER');
          table.boolean('is_active').notNullable().defaultTo(true);
          table.timestamp('date_joined', { useTz: true }).notNullable().index('users_date_joined_index');
          table.timestamp('last_login', { useTz: true }).nullable();
        }),
    );
    this.addSchema(
      this.schema
        .createTable('sessions', (table) => {
          table.uuid('id').primary();
          table
            .uuid('user_id')
            .notNullable()
            .references('id')
            .inTable('users')
            .onDelete('CASCADE')
            .index('sessions_user_id_index');
          table.timestamp('created_at', { useTz: true }).notNullable();
          table.timestamp('last_used_at', { useTz: true }).notNullable();
          table.timestamp('expires_at', { useTz: true }).notNullable();
          table.timestamp('revoked_at', { useTz: true }).nullable();
          table.string('user_agent', 512).nullable();
          table.string('ip_address', 64).nullable();
          table.string('current_token_id', 64).notNullable();
        }),
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists sessions');
    this.addSql('drop table if exists users');
  }
}
