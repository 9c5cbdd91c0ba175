import { SchemaMigration } from './schema-migration.js';

/**
 * The signing keys of access tokens (entities/SigningKey.ts). The partial unique indexes (the
 * same SQL on SQLite and PostgreSQL) allow one CURRENT and one STANDBY key at most: of several
 * instances generating the first keys at once, exactly one succeeds.
 */
export class Migration20261202010000_signing_keys extends SchemaMigration {
  override async up(): Promise<void> {
    this.addSchema(
      this.schema.createTable('signing_keys', (table) => {
        table.string('kid', 64).primary();
        table.string('algorithm', 16).notNullable();
        table.string('state', 16).notNullable();
        table.text('public_jwk').notNullable();
        table.string('private_key_iv', 32).nullable();
        table.string('private_key_tag', 32).nullable();
        table.text('private_key_ciphertext').nullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('activated_at', { useTz: true }).nullable();
        table.timestamp('retired_at', { useTz: true }).nullable();
        table.timestamp('revoked_at', { useTz: true }).nullable();
      }),
    );
    this.addSql(`create unique index signing_keys_one_current on signing_keys (state) where state = 'CURRENT'`);
    this.addSql(`create unique index signing_keys_one_standby on signing_keys (state) where state = 'STANDBY'`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists signing_keys');
  }
}
