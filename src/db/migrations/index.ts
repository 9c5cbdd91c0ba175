import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125000000_users_and_sessions } from './Migration20261125000000_users_and_sessions.js';
import { Migration20261125010000_one_time_tokens } from './Migration20261125010000_one_time_tokens.js';
import { Migration20261201000000_session_authentication } from './Migration20261201000000_session_authentication.js';
import { Migration20261201000000_security_events } from './Migration20261201000000_security_events.js';
import { Migration20261201010000_session_rotation_grace } from './Migration20261201010000_session_rotation_grace.js';
import { Migration20261202000000_security_stamp } from './Migration20261202000000_security_stamp.js';
import { Migration20261202010000_signing_keys } from './Migration20261202010000_signing_keys.js';
import { Migration20261203020000_mfa } from './Migration20261203020000_mfa.js';
import { Migration20261203030000_passkeys } from './Migration20261203030000_passkeys.js';
import { Migration20261203040000_identity_providers } from './Migration20261203040000_identity_providers.js';

/**
 * Every migration, in order. Listing them explicitly (instead of letting the migrator scan a
 * folder) means the same code runs from `dist/` under Node and from `src/` under Vitest.
 * `npm run migration:create` writes a new file; add it here.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261125000000_users_and_sessions', class: Migration20261125000000_users_and_sessions },
  { name: 'Migration20261125010000_one_time_tokens', class: Migration20261125010000_one_time_tokens },
  { name: 'Migration20261201000000_session_authentication', class: Migration20261201000000_session_authentication },
  { name: 'Migration20261201000000_security_events', class: Migration20261201000000_security_events },
  { name: 'Migration20261201010000_session_rotation_grace', class: Migration20261201010000_session_rotation_grace },
  { name: 'Migration20261202000000_security_stamp', class: Migration20261202000000_security_stamp },
  { name: 'Migration20261202010000_signing_keys', class: Migration20261202010000_signing_keys },
  { name: 'Migration20261203020000_mfa', class: Migration20261203020000_mfa },
  { name: 'Migration20261203030000_passkeys', class: Migration20261203030000_passkeys },
  { name: 'Migration20261203040000_identity_providers', class: Migration20261203040000_identity_providers },
];
