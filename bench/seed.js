// Bulk-seeds users straight into the SQLite file (with the server stopped): every row is a copy
// of one template user registered through the API (so it has the server's exact column formats
// and one precomputed argon2id hash), with its own id, username and email. Rows go in with
// multi-row INSERTs, in large transactions: a million users take seconds to minutes, not the
// hours that a million register calls (a million argon2 hashes) would. Uses better-sqlite3, the
// server's own SQLite driver (synchronous, so no callbacks).
'use strict';

const { randomUUID } = require('node:crypto');
const Database = require('better-sqlite3');

const ROWS_PER_STATEMENT = 500;
const ROWS_PER_TRANSACTION = 50_000;

/**
 * Makes the users table hold `total` users named `${prefix}0` .. `${prefix}${total - 1}`, where
 * `${prefix}0` is the template that already exists. Returns the number of rows inserted.
 */
async function seedUsers(path, { prefix, total }) {
  const db = new Database(path);
  try {
    db.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;');
    const template = db.prepare('SELECT * FROM users WHERE username = ?').get(`${prefix}0`);
    if (!template) throw new Error(`template user ${prefix}0 is missing`);
    const { existing } = db.prepare('SELECT count(*) AS existing FROM users WHERE username LIKE ?').get(`${prefix}%`);
    const columns = Object.keys(template);
    const rowOf = (index) => {
      const username = `${prefix}${index}`;
      const email = `${username}@bench.example`;
      const row = { ...template, id: randomUUID(), username, username_key: username, email, email_key: email };
      return columns.map((column) => row[column]);
    };
    const placeholders = `(${columns.map(() => '?').join(',')})`;
    const insertSql = (rows) =>
      `INSERT INTO users (${columns.join(',')}) VALUES ${Array.from({ length: rows }, () => placeholders).join(',')}`;
    const fullBatch = db.prepare(insertSql(ROWS_PER_STATEMENT));

    let next = existing;
    while (next < total) {
      const transactionEnd = Math.min(total, next + ROWS_PER_TRANSACTION);
      db.transaction(() => {
        while (next < transactionEnd) {
          const rows = Math.min(ROWS_PER_STATEMENT, transactionEnd - next);
          const params = [];
          for (let i = 0; i < rows; i += 1) params.push(...rowOf(next + i));
          if (rows === ROWS_PER_STATEMENT) fullBatch.run(params);
          else db.prepare(insertSql(rows)).run(params);
          next += rows;
        }
      })();
      // Let the event loop breathe between transactions (the bench's progress and timers).
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Leave no large write-ahead log for the server to replay.
    db.exec('PRAGMA wal_checkpoint(TRUNCATE);');
    return Math.max(0, total - existing);
  } finally {
    db.close();
  }
}

module.exports = { seedUsers };
