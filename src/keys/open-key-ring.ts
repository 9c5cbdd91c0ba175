import { isAsymmetric, type Config } from '../config/index.js';
import type { Orm } from '../db/orm.js';
import type { SigningKeyStore } from '../db/stores/signing-key-store.js';
import type { Logger } from '../logger.js';
import { keyEncryptionKey } from './key-material.js';
import { KeyRing } from './key-ring.js';

/**
 * The signing keys (ES256, RS256), generated on the first start; none with HS256. Keys that do
 * not decrypt with the configured secret stop the start (KeyDecryptionError, naming the
 * variable). Used by the server (app.ts) and by `npm run keys`.
 */
export function openKeyRing(
  config: Config,
  secret: string,
  orm: Orm,
  store: SigningKeyStore,
  logger: Logger,
  /** The CLI opens a table without a CURRENT key too (to rotate one into place); the server does not. */
  options: { requireCurrent?: boolean } = {},
): Promise<KeyRing | undefined> {
  const algorithm = config.jwtAlgorithm;
  if (!isAsymmetric(algorithm)) return Promise.resolve(undefined);
  const wrapping = keyEncryptionKey({ keyEncryptionKey: config.keyEncryptionKey, jwtSecret: secret });
  return KeyRing.open(store, () => orm.em.fork(), { algorithm, wrapping, refreshSeconds: config.signingKeysRefreshSeconds }, logger, options);
}
