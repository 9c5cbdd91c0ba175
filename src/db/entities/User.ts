import { randomUUID } from 'node:crypto';
import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

export enum Role {
  USER = 'USER',
  ADMIN = 'ADMIN',
}

@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?: 'id' | 'role' | 'isActive' | 'dateJoined' | 'lastLogin';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** As the user typed it (after Unicode NFKC), shown back to them. */
  @Property({ type: 'string', length: 150 })
  username!: string;

  /** NFKC + case-folded username: the unique key, so "Alice" and "alice" cannot both exist. */
  @Property({ type: 'string', length: 600, unique: 'users_username_key_unique' })
  usernameKey!: string;

  /** As typed. */
  @Property({ type: 'string', length: 254 })
  email!: string;

  /** Lower-cased email: the unique key. */
  @Property({ type: 'string', length: 254, unique: 'users_email_key_unique' })
  emailKey!: string;

  /** argon2id PHC string. Never leaves the service layer. */
  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  @Enum({ items: () => Role, type: 'string', length: 16 })
  role: Role = Role.USER;

  @Property({ type: 'boolean' })
  isActive: boolean = true;

  @Property({ type: 'datetime', index: 'users_date_joined_index' })
  dateJoined: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastLogin: Date | null = null;
}
