import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { User } from './User.js';

/**
 * An identity at an OpenID Connect provider (its issuer and subject: the pair the provider
 * promises never to reuse) that signs in to one account (src/providers/). The email is what the
 * provider said when it was linked or last used, for the account's list; it decides nothing.
 */
@Entity({ tableName: 'linked_identities' })
@Unique({ name: 'linked_identities_issuer_subject_unique', properties: ['issuer', 'subject'] })
export class LinkedIdentity {
  [OptionalProps]?: 'id' | 'email' | 'linkedAt' | 'lastUsedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade', index: 'linked_identities_user_id_index' })
  user!: Ref<User>;

  /** The configured provider's id (IDENTITY_PROVIDERS) it was linked through. */
  @Property({ type: 'string', length: 32 })
  providerId!: string;

  @Property({ type: 'string', length: 512 })
  issuer!: string;

  @Property({ type: 'string', length: 255 })
  subject!: string;

  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @Property({ type: 'datetime' })
  linkedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;
}
