import { SchemaMigration } from './schema-migration.js';

/**
 * Two-factor sign-in (issue 16, src/mfa/): authenticator apps (TOTP factors, secrets sealed),
 * recovery codes (keyed hashes), logins waiting for their second factor, and `users.mfa_enabled`,
 * false for every existing account (a default, so that instances of the previous version keep
 * registering accounts during a rolling upgrade on PostgreSQL).
 */
export class Migration20261203020000_mfa extends SchemaMigration {
  override async up(): Promise<void> {
    const userId = (table: Parameters<Parameters<typeof this.schema.createTable>[1]>[0]) =>
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('cascade').onUpdate('cascade');
    this.addSchema(
      this.schema.alterTable('users', (table) => {
        table.boolean('mfa_enabled').notNullable().defaultTo(false);
      }),
    );
    this.addSchema(
      this.schema.createTable('totp_factors', (table) => {
        table.uuid('id').primary();
        userId(table).index('totp_factors_user_id_index');
        table.string('name', 64).notNullable();
        table.string('secret_iv', 32).notNullable();
        table.string('secret_tag', 32).notNullable();
        table.string('secret_ciphertext', 128).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('confirmed_at', { useTz: true }).nullable();
        table.timestamp('expires_at', { useTz: true }).nullable();
        table.timestamp('last_used_at', { useTz: true }).nullable();
        table.integer('last_used_step').nullable();
      }),
    );
    this.addSchema(
      this.schema.createTable('recovery_codes', (table) => {
        table.uuid('id').primary();
        userId(table);
        table.string('code_hash', 64).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.unique(['user_id', 'code_hash'], { indexName: 'recovery_codes_user_hash_unique' });
      }),
    );
    this.addSchema(
      this.schema.createTable('mfa_challenges', (table) => {
        table.uuid('id').primary();
        userId(table).index('mfa_challenges_user_id_index');
        table.string('token_hash', 64).notNullable().unique({ indexName: 'mfa_challenges_token_hash_unique' });
        table.string('security_stamp', 64).notNullable();
        table.integer('failed_attempts').notNullable().defaultTo(0);
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('expires_at', { useTz: true }).notNullable().index('mfa_challenges_expires_at_index');
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists mfa_challenges');
    this.addSql('drop table if exists recovery_codes');
    this.addSql('drop table if exists totp_factors');
    this.addSql('alter table users drop column mfa_enabled');
  }
}
