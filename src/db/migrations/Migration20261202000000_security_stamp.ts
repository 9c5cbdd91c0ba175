import { createHash } from 'node:crypto';
import { SchemaMigration } from './schema-migration.js';

/**
 * Accounts without a password, and the security stamp (issue 14):
 * - `users.password_hash` becomes nullable (passkey and identity-provider accounts have none);
 * - `users.security_stamp`: random, a fresh value for every existing account;
 * - `one_time_tokens.password_stamp` becomes `security_stamp`. A token that was still valid
 *   (its stamp matched its account's password hash) is given its account's new stamp, so that
 *   the activation, reset and email-change links mailed before the upgrade keep working; a token
 *   that was already dead (the password changed since) is deleted rather than revived.
 *
 * SQLite cannot make a column nullable in place: the users table is rebuilt (create, copy, drop,
 * rename, then its indexes as the first migration made them). Dropping `users` while foreign
 * keys are enforced would cascade to every session and token, and the pragma cannot change
 * inside the migration's transaction: migration-lock.ts turns enforcement off around the
 * migrations and checks every foreign key before they commit.
 */
export class Migration20261202000000_security_stamp extends SchemaMigration {
  override async up(): Promise<void> {
    // Read before any statement of this migration runs (`execute` runs at once, `addSql` queues).
    const deadTokenIds = await this.tokensDeadUnderPasswordStamp();
    if (this.isSqlite) this.rebuildSqliteUsers({ stamp: true });
    else {
      this.addSql('alter table "users" add column "security_stamp" varchar(64) null');
      // Two UUIDv4 without dashes: 64 hex characters, 244 random bits (gen_random_uuid: PostgreSQL 13+).
      this.addSql(`update "users" set "security_stamp" = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`);
      this.addSql('alter table "users" alter column "security_stamp" set not null');
      this.addSql('alter table "users" alter column "password_hash" drop not null');
    }
    const tokens = this.quote('one_time_tokens');
    this.addSql(`alter table ${tokens} rename column ${this.quote('password_stamp')} to ${this.quote('security_stamp')}`);
    for (let start = 0; start < deadTokenIds.length; start += 500) {
      const batch = deadTokenIds.slice(start, start + 500);
      this.addSql(this.getKnex().raw(`delete from ${tokens} where id in (${batch.map(() => '?').join(', ')})`, batch).toQuery());
    }
    this.addSql(`update ${tokens} set security_stamp = (select u.security_stamp from users u where u.id = ${tokens}.user_id)`);
  }

  /** Back to password stamps: every one-time token is deleted (their stamps cannot be restored). */
  override async down(): Promise<void> {
    this.addSql('delete from one_time_tokens');
    this.addSql(`alter table ${this.quote('one_time_tokens')} rename column ${this.quote('security_stamp')} to ${this.quote('password_stamp')}`);
    // Fails while an account has no password: such an account cannot exist in the older schema.
    if (this.isSqlite) this.rebuildSqliteUsers({ stamp: false });
    else {
      this.addSql('alter table "users" alter column "password_hash" set not null');
      this.addSql('alter table "users" drop column "security_stamp"');
    }
  }

  private get isSqlite(): boolean {
    // knex's driver name: 'better-sqlite3' or 'pg' (as sqlite-writer.ts tells them apart).
    return String(this.getKnex().client.driverName).includes('sqlite');
  }

  private quote(name: string): string {
    return this.isSqlite ? `\`${name}\`` : `"${name}"`;
  }

  /** The ids of the tokens whose password stamp no longer matches their account's password hash (dead today). */
  private async tokensDeadUnderPasswordStamp(): Promise<string[]> {
    const rows = (await this.execute(
      'select t.id as id, t.password_stamp as stamp, u.password_hash as hash from one_time_tokens t join users u on u.id = t.user_id',
    )) as Array<{ id: string; stamp: string; hash: string }>;
    // The formula one-time tokens used before this migration.
    const passwordStamp = (hash: string) => createHash('sha256').update(`password-stamp:${hash}`).digest('hex');
    return rows.filter((row) => row.stamp !== passwordStamp(row.hash)).map((row) => String(row.id));
  }

  /**
   * SQLite's table rebuild: the users table of the first migration, with password_hash nullable
   * and, when `stamp`, security_stamp (a random value per existing row). Same column types,
   * defaults and primary key as knex made them; the same three indexes, by the same names.
   */
  private rebuildSqliteUsers({ stamp }: { stamp: boolean }): void {
    this.addSql(
      'create table `users_rebuilt` (`id` char(36), `username` varchar(150) not null, `username_key` varchar(600) not null, ' +
        '`email` varchar(254) not null, `email_key` varchar(254) not null, ' +
        `\`password_hash\` text ${stamp ? 'null' : 'not null'}, ` +
        "`role` varchar(16) not null default 'USER', `is_active` boolean not null default '1', " +
        '`date_joined` datetime not null, `last_login` datetime null, ' +
        `${stamp ? '`security_stamp` varchar(64) not null, ' : ''}primary key (\`id\`))`,
    );
    const columns = '`id`, `username`, `username_key`, `email`, `email_key`, `password_hash`, `role`, `is_active`, `date_joined`, `last_login`';
    this.addSql(
      stamp
        ? `insert into \`users_rebuilt\` (${columns}, \`security_stamp\`) select ${columns}, lower(hex(randomblob(32))) from \`users\``
        : `insert into \`users_rebuilt\` (${columns}) select ${columns} from \`users\``,
    );
    this.addSql('drop table `users`');
    this.addSql('alter table `users_rebuilt` rename to `users`');
    this.addSql('create unique index `users_username_key_unique` on `users` (`username_key`)');
    this.addSql('create unique index `users_email_key_unique` on `users` (`email_key`)');
    this.addSql('create index `users_date_joined_index` on `users` (`date_joined`)');
  }
}
