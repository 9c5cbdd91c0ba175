import { SchemaMigration } from './schema-migration.js';

/** The previous refresh token id and the rotation time of each session (REFRESH_REUSE_INTERVAL). */
export class Migration20261201010000_session_rotation_grace extends SchemaMigration {
  override async up(): Promise<void> {
    this.addSchema(
      this.schema.alterTable('sessions', (table) => {
        table.string('previous_token_id', 64).nullable();
        table.timestamp('rotated_at', { useTz: true }).nullable();
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(
      this.schema.alterTable('sessions', (table) => {
        table.dropColumn('previous_token_id');
        table.dropColumn('rotated_at');
      }),
    );
  }
}
