/**
 * One data-modifying statement (`?` placeholders) that a store hands to another to run in the
 * same transaction as its own write: the login's change to the account rides along with the
 * session's INSERT (session-store.ts), without the session store knowing what it changes.
 */
export interface SqlWrite {
  sql: string;
  params: unknown[];
}
