import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { User } from './User.js';

/** What a provider round trip is for. */
export enum IdentityFlowPurpose {
  /** Sign in (or create an account). */
  SIGN_IN = 'sign_in',
  /** Link the identity to the signed-in account that started it (`user`). */
  LINK = 'link',
}

/**
 * A provider round trip under way: started by startIdentityProviderSignIn or
 * linkIdentityProvider, finished (and deleted: single use) by the callback, on whichever instance
 * it lands. Looked up by the SHA-256 of its `state`. The nonce and the PKCE verifier are stored
 * as they are: each is only of use together with the authorization code the provider hands the
 * browser, and the row dies at the callback or after 10 minutes.
 */
@Entity({ tableName: 'identity_flows' })
export class IdentityFlow {
  [OptionalProps]?: 'id' | 'user' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: 'identity_flows_state_hash_unique' })
  stateHash!: string;

  @Property({ type: 'string', length: 32 })
  providerId!: string;

  @Property({ type: 'string', length: 128 })
  nonce!: string;

  @Property({ type: 'string', length: 128 })
  codeVerifier!: string;

  /** The app's URL the callback redirects to (one of IDENTITY_REDIRECT_URIS). */
  @Property({ type: 'string', length: 2048 })
  redirectUri!: string;

  /** Our callback URL as sent to the provider: the token request must repeat it exactly. */
  @Property({ type: 'string', length: 2048 })
  callbackUrl!: string;

  @Enum({ items: () => IdentityFlowPurpose, type: 'string', length: 16 })
  purpose!: IdentityFlowPurpose;

  /** LINK: the account to link to. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'cascade', index: 'identity_flows_user_id_index' })
  user: Ref<User> | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', index: 'identity_flows_expires_at_index' })
  expiresAt!: Date;
}
