import { Type } from '@mikro-orm/core';
import type { AuthMethod } from './Session.js';

/**
 * A session's authentication methods as one string column, comma-separated in order
 * ("PASSWORD,TOTP"), the same on SQLite and PostgreSQL (MikroORM's array types differ per
 * dialect: a native text[] on PostgreSQL), so that the raw statements of the session store
 * write and read it like the ORM.
 */
export const encodeAuthMethods = (methods: readonly AuthMethod[]): string => methods.join(',');

export const decodeAuthMethods = (value: unknown): AuthMethod[] =>
  typeof value === 'string' && value.length > 0 ? (value.split(',') as AuthMethod[]) : [];

export class AuthMethodsType extends Type<AuthMethod[], string> {
  override convertToDatabaseValue(value: AuthMethod[]): string {
    return encodeAuthMethods(value);
  }

  override convertToJSValue(value: string): AuthMethod[] {
    return decodeAuthMethods(value);
  }

  override getColumnType(): string {
    return 'varchar(128)';
  }
}
