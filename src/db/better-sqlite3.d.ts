// better-sqlite3 ships no types: the little of it that sqlite-reader.ts uses.
declare module 'better-sqlite3' {
  namespace BetterSqlite3 {
    interface Statement {
      get(...params: unknown[]): Record<string, unknown> | undefined;
    }
    interface Database {
      prepare(sql: string): Statement;
      pragma(sql: string): unknown;
      close(): void;
    }
  }
  const BetterSqlite3: new (path: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => BetterSqlite3.Database;
  export = BetterSqlite3;
}
