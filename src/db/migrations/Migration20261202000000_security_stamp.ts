import { createHash } from 'node:crypto';
import { SchemaMigration } from './schema-migration.js';

/** 64 hex characters: two UUIDv4 without their dashes, 244 random bits (gen_random_uuid: PostgreSQL 13+). */
const POSTGRES_RANDOM_STAMP = `(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))`;
/** 64 hex characters: 32 random bytes. */
const SQLITE_RANDOM_STAMP = '(lower(hex(randomblob(32))))';

/**
 * Accounts without a password, and the security stamp (issue 14):
 * - `users.password_hash` becomes nullable (passkey and identity-provider accounts have none);
 * - `users.security_stamp`: random, a fresh value for every existing account. Its default is a
 *   random value too, so that instances of the previous version, still running during a rolling
 *   upgrade on PostgreSQL, keep registering accounts;
 * - one-time tokens carry `security_stamp` instead of `password_stamp`. A token that was still
 *   valid (its stamp matched its account's password hash) is given its account's new stamp, so
 *   that the activation, reset and email-change links mailed before the upgrade keep working; a
 *   token that was already dead (the password changed since) is deleted rather than revived.
 *   On PostgreSQL `password_stamp` stays, nullable, for the previous version's instances until a
 *   later release drops it (README, "Upgrading"); SQLite, one file on one machine, renames it.
 *
 * SQLite cannot make a column nullable in place: the users table is rebuilt (create, copy, drop,
 * rename, then its indexes as the first migration made them). Dropping `users` while foreign
 * keys are enforced would cascade to every session and token, and the pragma cannot change
 * inside the migration's transaction: migration-lock.ts turns enforcement off around the
 * migrations and checks every foreign key after them.
 */
export class Migration20261202000000_security_stamp extends SchemaMigration {
  override async up(): Promise<void> {
    // Read before any statement of this migration runs (`execute` runs at once, `addSql` queues).
    const deadTokenIds = await this.tokensDeadUnderPasswordStamp();
    if (this.isSqlite) {
      this.rebuildSqliteUsers({ stamp: true });
      this.addSql('alter table `one_time_tokens` rename column `password_stamp` to `security_stamp`');
    } else {
      // A volatile default is evaluated per row, for the existing rows too: each gets its own stamp.
      this.addSql(`alter table "users" add column "security_stamp" varchar(64) not null default ${POSTGRES_RANDOM_STAMP}`);
      this.addSql('alter table "users" alter column "password_hash" drop not null');
      this.addSql('alter table "one_time_tokens" add column "security_stamp" varchar(64) null');
      this.addSql('alter table "one_time_tokens" alter column "password_stamp" drop not null');
    }
    for (let start = 0; start < deadTokenIds.length; start += 500) {
      const batch = deadTokenIds.slice(start, start + 500);
      this.addSql(this.getKnex().raw(`delete from one_time_tokens where id in (${batch.map(() => '?').join(', ')})`, batch).toQuery());
    }
    this.addSql('update one_time_tokens set security_stamp = (select u.security_stamp from users u where u.id = one_time_tokens.user_id)');
  }

  /**
   * Back to password stamps: every one-time token is deleted (their password stamps are not kept
   * up to date). On SQLite it rebuilds users again: run it with foreign keys off, as
   * migration-lock.ts runs `up` (checked by hand on both databases, not by the suite).
   */
  override async down(): Promise<void> {
    this.addSql('delete from one_time_tokens');
    if (this.isSqlite) {
      this.addSql('alter table `one_time_tokens` rename column `security_stamp` to `password_stamp`');
      // Fails while an account has no password: such an account cannot exist in the older schema.
      this.rebuildSqliteUsers({ stamp: false });
    } else {
      this.addSql('alter table "one_time_tokens" drop column "security_stamp"');
      this.addSql('alter table "one_time_tokens" alter column "password_stamp" set not null');
      this.addSql('alter table "users" alter column "password_hash" set not null');
      this.addSql('alter table "users" drop column "security_stamp"');
    }
  }

  private get isSqlite(): boolean {
    // knex's driver name: 'better-sqlite3' or 'pg' (as sqlite-writer.ts tells them apart).
    return String(this.getKnex().client.driverName).includes('sqlite');
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
   * and, when `stamp`, security_stamp (its default gives each copied row a random value). Same
   * column types, defaults and primary key as knex made them; the same three indexes, by name.
   */
  private rebuildSqliteUsers({ stamp }: { stamp: boolean }): void {
    this.addSql(
      'create table `users_rebuilt` (`id` char(36), `username` varchar(150) not null, `username_key` varchar(600) not null, ' +
        '`email` varchar(254) not null, `email_key` varchar(254) not null, ' +
        `\`password_hash\` text ${stamp ? 'null' : 'not null'}, ` +
        "`role` varchar(16) not null default 'USER', `is_active` boolean not null default '1', " +
        '`date_joined` datetime not null, `last_login` datetime null, ' +
        `${stamp ? `\`security_stamp\` varchar(64) not null default ${SQLITE_RANDOM_STAMP}, ` : ''}primary key (\`id\`))`,
    );
    const columns = '`id`, `username`, `username_key`, `email`, `email_key`, `password_hash`, `role`, `is_active`, `date_joined`, `last_login`';
    this.addSql(`insert into \`users_rebuilt\` (${columns}) select ${columns} from \`users\``);
    this.addSql('drop table `users`');
    this.addSql('alter table `users_rebuilt` rename to `users`');
    this.addSql('create unique index `users_username_key_unique` on `users` (`username_key`)');
    this.addSql('create unique index `users_email_key_unique` on `users` (`email_key`)');
    this.addSql('create index `users_date_joined_index` on `users` (`date_joined`)');
  }
}
