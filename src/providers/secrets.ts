import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets of a provider round trip: `state` (the key of the flow row) and the callback code
 * are 256 random bits, base64url (43 characters), stored only as SHA-256: nothing to guess.
 */
export const newSecret = (): string => randomBytes(32).toString('base64url');
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');
