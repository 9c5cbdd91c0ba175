import type { EntityManager } from '@mikro-orm/core';
import type { KeyObject } from 'node:crypto';
import type { AsymmetricAlgorithm } from '../config/index.js';
import { SigningKeyState, type SigningKey } from '../db/entities/index.js';
import type { SigningKeyRow, SigningKeyStore } from '../db/stores/signing-key-store.js';
import type { Logger } from '../logger.js';
import type { AccessTokenKeys } from '../tokens/tokens.js';
import {
  decryptPrivateKey,
  generateSigningKey,
  publicKeyFromJwk,
  type GeneratedKey,
  type KeyEncryptionKey,
  type PublicJwk,
} from './key-material.js';

/** A key of the ring: its KeyObjects are made once, when the ring first sees the key, never per request. */
export interface RingKey {
  kid: string;
  algorithm: AsymmetricAlgorithm;
  state: SigningKeyState;
  publicJwk: PublicJwk;
  publicKey: KeyObject;
  /** Undefined when it could not be decrypted (only possible after a reload: the start refuses that). */
  privateKey: KeyObject | undefined;
}

/** A published key, as /.well-known/jwks.json lists it. */
export type PublishedJwk = PublicJwk & { kid: string; alg: string; use: 'sig' };

export interface KeyRingSettings {
  /** The algorithm of keys made from now on (JWT_ALGORITHM). */
  algorithm: AsymmetricAlgorithm;
  wrapping: KeyEncryptionKey;
  /** SIGNING_KEYS_REFRESH. */
  refreshSeconds: number;
}

/** The configured secret does not open the keys in the database: the process must not start. */
export class KeyDecryptionError extends Error {
  override name = 'KeyDecryptionError';
}

const ASYMMETRIC: ReadonlySet<string> = new Set(['ES256', 'RS256']);

/** A row of the table as the key it is (the key-material module made both halves). */
export function rowOf(key: GeneratedKey, state: SigningKeyState, now: Date): SigningKeyRow {
  return {
    kid: key.kid,
    algorithm: key.algorithm,
    state,
    publicJwk: JSON.stringify(key.publicJwk),
    privateKeyIv: key.encrypted.iv,
    privateKeyTag: key.encrypted.tag,
    privateKeyCiphertext: key.encrypted.ciphertext,
    createdAt: now,
    activatedAt: state === SigningKeyState.CURRENT ? now : null,
  };
}

/**
 * The signing keys of this instance, in memory: every key that is not REVOKED, read from the
 * signing_keys table at start and again every SIGNING_KEYS_REFRESH seconds (a timer that never
 * holds the process open), so that a rotation or revocation done by another instance or the CLI
 * reaches this one within that time without a restart. The instance that changes a key reloads
 * at once. A REVOKED key is simply not in the ring: its tokens fail on the next lookup.
 */
export class KeyRing implements AccessTokenKeys {
  private keys = new Map<string, RingKey>();
  private current: RingKey | undefined;
  private published: PublishedJwk[] = [];
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;

  private constructor(
    private readonly store: SigningKeyStore,
    private readonly em: () => EntityManager,
    readonly settings: KeyRingSettings,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads the keys, first generating one CURRENT and one STANDBY key when the table has none (of
   * several instances starting at once on an empty table, one inserts and the others read its
   * keys: signing-key-store.ts). Throws KeyDecryptionError, naming the variable to fix, when a
   * key does not decrypt with the configured secret.
   */
  static async open(
    store: SigningKeyStore,
    em: () => EntityManager,
    settings: KeyRingSettings,
    logger: Logger,
    { requireCurrent = true }: { requireCurrent?: boolean } = {},
  ): Promise<KeyRing> {
    const ring = new KeyRing(store, em, settings, logger);
    const live = await store.listLive(em());
    if (!live.some((key) => key.state === SigningKeyState.CURRENT) && !live.some((key) => key.state === SigningKeyState.STANDBY)) {
      const now = new Date();
      const current = rowOf(await ring.generate(), SigningKeyState.CURRENT, now);
      const standby = rowOf(await ring.generate(), SigningKeyState.STANDBY, now);
      if (await store.insertFirst(em(), current, standby)) {
        logger.info({ currentKid: current.kid, standbyKid: standby.kid, algorithm: settings.algorithm }, 'generated the first signing keys');
      }
    }
    await ring.load(true);
    if (requireCurrent && !ring.current) {
      throw new Error('the signing_keys table has no CURRENT key: run `npm run keys -- rotate` to promote one');
    }
    if (ring.current && ring.current.algorithm !== settings.algorithm) {
      logger.warn(
        { setting: 'JWT_ALGORITHM', configured: settings.algorithm, current: ring.current.algorithm },
        'the CURRENT signing key is not of JWT_ALGORITHM: tokens are signed with it until two rotations replace it with keys of JWT_ALGORITHM',
      );
    }
    return ring;
  }

  /** A new key of the configured algorithm, its private half encrypted. */
  generate(): Promise<GeneratedKey> {
    return generateSigningKey(this.settings.algorithm, this.settings.wrapping);
  }

  /** Reloads every SIGNING_KEYS_REFRESH seconds until stop(). */
  startRefreshing(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.reload().catch((error: unknown) => this.logger.error({ err: error }, 'reloading the signing keys failed; keeping the ones loaded'));
    }, this.settings.refreshSeconds * 1000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a reload in flight (the database closes next). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.loading?.catch(() => undefined);
  }

  /** Reads the table again now (one reload at a time: a caller during one waits for it). */
  reload(): Promise<void> {
    this.loading ??= this.load(false).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  // AccessTokenKeys: what tokens.ts signs and verifies with.

  signing(): { kid: string; algorithm: AsymmetricAlgorithm; privateKey: KeyObject } {
    const key = this.current;
    if (!key?.privateKey) throw new Error('no CURRENT signing key is loaded');
    return { kid: key.kid, algorithm: key.algorithm, privateKey: key.privateKey };
  }

  verifying(kid: string): RingKey | undefined {
    return this.keys.get(kid);
  }

  /** The JWK Set's keys: STANDBY, CURRENT and PREVIOUS, public parameters only. */
  publishedKeys(): PublishedJwk[] {
    return this.published;
  }

  /** The algorithms of the keys that verify now (the discovery document's list). */
  algorithms(): string[] {
    return [...new Set([this.settings.algorithm, ...[...this.keys.values()].map((key) => key.algorithm)])];
  }

  /**
   * Builds the ring from the table. A key seen before keeps its KeyObjects (only its state can
   * have changed); a new one is decrypted once. `strict` (at start): a key that does not decrypt
   * stops everything. Afterwards such a key (written by a process with another secret) is logged
   * and kept for verification only, and the last key that signed goes on signing.
   */
  private async load(strict: boolean): Promise<void> {
    const rows = await this.store.listLive(this.em());
    const keys = new Map<string, RingKey>();
    for (const row of rows) {
      if (!ASYMMETRIC.has(row.algorithm)) continue;
      const known = this.keys.get(row.kid);
      const key = known ? { ...known, state: row.state } : this.fromRow(row, strict);
      if (key) keys.set(key.kid, key);
    }
    const current = [...keys.values()].find((key) => key.state === SigningKeyState.CURRENT && key.privateKey);
    if (!current && this.current) {
      this.logger.error({ kid: this.current.kid }, 'no usable CURRENT signing key in the database; signing with the last one loaded');
    }
    this.keys = keys;
    // Never a key that is gone (revoked): its tokens would fail everywhere.
    this.current = current ?? (this.current ? keys.get(this.current.kid) : undefined);
    this.published = [...keys.values()].map((key) => ({ ...key.publicJwk, kid: key.kid, alg: key.algorithm, use: 'sig' as const }));
  }

  private fromRow(row: SigningKey, strict: boolean): RingKey | undefined {
    const algorithm = row.algorithm as AsymmetricAlgorithm;
    let publicJwk: PublicJwk;
    let publicKey: KeyObject;
    try {
      publicJwk = JSON.parse(row.publicJwk) as PublicJwk;
      publicKey = publicKeyFromJwk(publicJwk);
    } catch {
      this.logger.error({ kid: row.kid }, 'a signing key in the database has an unreadable public key; ignored');
      return undefined;
    }
    let privateKey: KeyObject | undefined;
    if (row.privateKeyIv && row.privateKeyTag && row.privateKeyCiphertext) {
      try {
        privateKey = decryptPrivateKey(
          { iv: row.privateKeyIv, tag: row.privateKeyTag, ciphertext: row.privateKeyCiphertext },
          row.kid,
          row.algorithm,
          this.settings.wrapping,
        );
      } catch {
        const variable = this.settings.wrapping.variable;
        if (strict) {
          throw new KeyDecryptionError(
            `the signing keys in the database cannot be decrypted with ${variable}: set ${variable} to the value they were created with`,
          );
        }
        this.logger.error({ kid: row.kid, setting: variable }, `a signing key in the database does not decrypt with ${variable}; it only verifies here`);
      }
    }
    return { kid: row.kid, algorithm, state: row.state, publicJwk, publicKey, privateKey };
  }
}
