import { SchemaMigration } from './schema-migration.js';

/**
 * Passkeys (issue 17, src/passkeys/): WebAuthn credentials of accounts, and the challenges of
 * ceremonies under way (registration, sign-in, a passkey as the second factor of a pending login).
 * New tables only: instances of the previous version run on alongside during a rolling upgrade.
 */
export class Migration20261203030000_passkeys extends SchemaMigration {
  override async up(): Promise<void> {
    this.addSchema(
      this.schema.createTable('passkeys', (table) => {
        table.uuid('id').primary();
        table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('cascade').onUpdate('cascade').index('passkeys_user_id_index');
        table.string('credential_id', 1400).notNullable().unique({ indexName: 'passkeys_credential_id_unique' });
        table.text('public_key').notNullable();
        table.bigInteger('counter').notNullable().defaultTo(0);
        table.string('transports', 255).notNullable().defaultTo('');
        table.boolean('backed_up').notNullable().defaultTo(false);
        table.string('device_type', 32).notNullable();
        table.string('name', 64).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('last_used_at', { useTz: true }).nullable();
      }),
    );
    this.addSchema(
      this.schema.createTable('webauthn_challenges', (table) => {
        table.uuid('id').primary();
        table.string('ceremony', 16).notNullable();
        table.string('challenge', 128).notNullable();
        table
          .uuid('user_id')
          .nullable()
          .references('id')
          .inTable('users')
          .onDelete('cascade')
          .onUpdate('cascade')
          .index('webauthn_challenges_user_id_index');
        table
          .uuid('mfa_challenge_id')
          .nullable()
          .references('id')
          .inTable('mfa_challenges')
          .onDelete('cascade')
          .onUpdate('cascade')
          .index('webauthn_challenges_mfa_challenge_id_index');
        table.string('name', 64).nullable();
        table.boolean('discoverable').notNullable().defaultTo(false);
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('expires_at', { useTz: true }).notNullable().index('webauthn_challenges_expires_at_index');
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists webauthn_challenges');
    this.addSql('drop table if exists passkeys');
  }
}
