export { KeyRing, KeyDecryptionError, type PublishedJwk } from './key-ring.js';
export { keyEncryptionKey } from './key-material.js';
export { SigningKeyService, type KeyChangeActor } from './service.js';
export { SigningKeyResolver } from './resolver.js';
export { JWKS_MAX_AGE_SECONDS } from './limits.js';
export { openKeyRing } from './open-key-ring.js';
