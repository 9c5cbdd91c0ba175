import { SchemaMigration } from './schema-migration.js';

/** The security-event log (entities/SecurityEvent.ts): no foreign keys, so events outlive what they name. */
export class Migration20261201000000_security_events extends SchemaMigration {
  override async up(): Promise<void> {
    this.addSchema(
      this.schema.createTable('security_events', (table) => {
        table.uuid('id').primary();
        table.string('type', 32).notNullable();
        table.timestamp('at', { useTz: true }).notNullable();
        table.uuid('user_id').nullable();
        table.uuid('actor_id').nullable();
        table.uuid('session_id').nullable();
        table.string('ip_address', 64).nullable();
        table.string('user_agent', 512).nullable();
        table.index(['user_id', 'at', 'id'], 'security_events_user_at_index');
        table.index(['at', 'id'], 'security_events_at_index');
        table.index(['type', 'at', 'id'], 'security_events_type_at_index');
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists security_events');
  }
}
