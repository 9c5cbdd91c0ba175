// Bulk-seeds users straight into the SQLite file (with the server stopped): every row is a copy
// of one template user registered through the API (so it has the server's exact column formats
// and one precomputed argon2id hash), with its own id, username and email. Rows go in with
// multi-row INSERTs, in large transactions: a million users take seconds to minutes, not the
// hours that a million register calls (a million argon2 hashes) would.
'use strict';

const { randomUUID } = require('node:crypto');
const sqlite3 = require('sqlite3');

const ROWS_PER_STATEMENT = 500;
const ROWS_PER_TRANSACTION = 50_000;

function open(path) {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, (error) => (error ? reject(error) : resolve(db)));
  });
}

const call = (db, method, sql, params = []) =>
  new Promise((resolve, reject) => {
    const done = (error, result) => (error ? reject(error) : resolve(result));
    if (method === 'exec') db.exec(sql, done);
    else db[method](sql, params, done);
  });

const runStatement = (statement, params) =>
  new Promise((resolve, reject) => statement.run(params, (error) => (error ? reject(error) : resolve())));

/**
 * Makes the users table hold `total` users named `${prefix}0` .. `${prefix}${total - 1}`, where
 * `${prefix}0` is the template that already exists. Returns the number of rows inserted.
 */
async function seedUsers(path, { prefix, total }) {
  const db = await open(path);
  try {
    await call(db, 'exec', 'PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;');
    const template = await call(db, 'get', 'SELECT * FROM users WHERE username = ?', [`${prefix}0`]);
    if (!template) throw new Error(`template user ${prefix}0 is missing`);
    const { existing } = await call(db, 'get', 'SELECT count(*) AS existing FROM users WHERE username LIKE ?', [
      `${prefix}%`,
    ]);
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
      await call(db, 'run', 'BEGIN');
      const transactionEnd = Math.min(total, next + ROWS_PER_TRANSACTION);
      while (next < transactionEnd) {
        const rows = Math.min(ROWS_PER_STATEMENT, transactionEnd - next);
        const params = [];
        for (let i = 0; i < rows; i += 1) params.push(...rowOf(next + i));
        if (rows === ROWS_PER_STATEMENT) await runStatement(fullBatch, params);
        else await call(db, 'run', insertSql(rows), params);
        next += rows;
      }
      await call(db, 'run', 'COMMIT');
    }
    await new Promise((resolve) => fullBatch.finalize(resolve));
    // Leave no large write-ahead log for the server to replay.
    await call(db, 'exec', 'PRAGMA wal_checkpoint(TRUNCATE);');
    return Math.max(0, total - existing);
  } finally {
    await new Promise((resolve) => db.close(resolve));
  }
}

module.exports = { seedUsers };
