import { SchemaMigration } from './schema-migration.js';

/**
 * Identity providers and emailed sign-in links (issue 18, src/providers/): identities linked to
 * accounts (unique per issuer and subject), provider round trips under way (state, nonce, PKCE
 * verifier; single use, 10 minutes), the single-use codes the callback hands the app, and the
 * first factor of a pending two-factor login (`mfa_challenges.first_method`, PASSWORD for rows
 * of the previous version, so that instances of both versions finish each other's logins).
 */
export class Migration20261203040000_identity_providers extends SchemaMigration {
  override async up(): Promise<void> {
    type Table = Parameters<Parameters<typeof this.schema.createTable>[1]>[0];
    const userId = (table: Table, nullable = false) => {
      const column = table.uuid('user_id');
      (nullable ? column.nullable() : column.notNullable()).references('id').inTable('users').onDelete('cascade').onUpdate('cascade');
      return column;
    };
    this.addSchema(
      this.schema.createTable('linked_identities', (table) => {
        table.uuid('id').primary();
        userId(table).index('linked_identities_user_id_index');
        table.string('provider_id', 32).notNullable();
        table.string('issuer', 512).notNullable();
        table.string('subject', 255).notNullable();
        table.string('email', 254).nullable();
        table.timestamp('linked_at', { useTz: true }).notNullable();
        table.timestamp('last_used_at', { useTz: true }).nullable();
        table.unique(['issuer', 'subject'], { indexName: 'linked_identities_issuer_subject_unique' });
      }),
    );
    this.addSchema(
      this.schema.createTable('identity_flows', (table) => {
        table.uuid('id').primary();
        table.string('state_hash', 64).notNullable().unique({ indexName: 'identity_flows_state_hash_unique' });
        table.string('provider_id', 32).notNullable();
        table.string('nonce', 128).notNullable();
        table.string('code_verifier', 128).notNullable();
        table.string('redirect_uri', 2048).notNullable();
        table.string('callback_url', 2048).notNullable();
        table.string('purpose', 16).notNullable();
        userId(table, true).index('identity_flows_user_id_index');
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('expires_at', { useTz: true }).notNullable().index('identity_flows_expires_at_index');
      }),
    );
    this.addSchema(
      this.schema.createTable('identity_callback_codes', (table) => {
        table.uuid('id').primary();
        table.string('code_hash', 64).notNullable().unique({ indexName: 'identity_callback_codes_code_hash_unique' });
        userId(table).index('identity_callback_codes_user_id_index');
        table
          .uuid('identity_id')
          .notNullable()
          .references('id')
          .inTable('linked_identities')
          .onDelete('cascade')
          .onUpdate('cascade')
          .index('identity_callback_codes_identity_id_index');
        table.string('purpose', 16).notNullable().defaultTo('sign_in');
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('expires_at', { useTz: true }).notNullable().index('identity_callback_codes_expires_at_index');
      }),
    );
    this.addSchema(
      this.schema.alterTable('mfa_challenges', (table) => {
        table.string('first_method', 32).notNullable().defaultTo('PASSWORD');
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table mfa_challenges drop column first_method');
    this.addSql('drop table if exists identity_callback_codes');
    this.addSql('drop table if exists identity_flows');
    this.addSql('drop table if exists linked_identities');
  }
}
