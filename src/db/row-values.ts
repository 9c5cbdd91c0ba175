/** A date column as a driver returns it: SQLite gives epoch milliseconds, PostgreSQL a Date; anything else is parsed. */
export function dateFromRow(value: unknown): Date {
  if (value instanceof Date) return value;
  const number = Number(value);
  return new Date(Number.isNaN(number) ? String(value) : number);
}
