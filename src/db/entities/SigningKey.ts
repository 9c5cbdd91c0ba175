import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The life of a signing key (the contract's SigningKeyState): published before it signs, so that
 * every consumer's cached JWK Set has it by then; published after it stops signing, so that what
 * it signed still verifies until it expires; then revoked, when its tokens fail at once.
 */
export enum SigningKeyState {
  STANDBY = 'STANDBY',
  CURRENT = 'CURRENT',
  PREVIOUS = 'PREVIOUS',
  REVOKED = 'REVOKED',
}

/**
 * One asymmetric key pair that signs access tokens (src/keys/). The public half is a JWK, as
 * published; the private half is PKCS#8 encrypted with AES-256-GCM under KEY_ENCRYPTION_KEY (or
 * a key derived from JWT_SECRET), its own kid as additional data so that ciphertexts cannot be
 * moved between rows. Two partial unique indexes (in the migration) allow at most one CURRENT
 * and one STANDBY key, which is what makes a first start of several instances at once safe:
 * one inserts, the others fail and read the winner's keys.
 */
@Entity({ tableName: 'signing_keys' })
export class SigningKey {
  [OptionalProps]?: 'createdAt' | 'activatedAt' | 'retiredAt' | 'revokedAt';

  @PrimaryKey({ type: 'string', length: 64 })
  kid!: string;

  @Property({ type: 'string', length: 16 })
  algorithm!: string;

  @Enum({ items: () => SigningKeyState, type: 'string', length: 16 })
  state!: SigningKeyState;

  /** The public JWK (JSON text): what /.well-known/jwks.json publishes. */
  @Property({ type: 'text' })
  publicJwk!: string;

  /** base64url; null once the key is revoked (its private half is erased then). */
  @Property({ type: 'string', length: 32, nullable: true })
  privateKeyIv!: string | null;

  @Property({ type: 'string', length: 32, nullable: true })
  privateKeyTag!: string | null;

  @Property({ type: 'text', nullable: true })
  privateKeyCiphertext!: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** When it became CURRENT. */
  @Property({ type: 'datetime', nullable: true })
  activatedAt: Date | null = null;

  /** When it stopped signing (became PREVIOUS). */
  @Property({ type: 'datetime', nullable: true })
  retiredAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;
}
