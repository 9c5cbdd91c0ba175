/**
 * How guessable a configured secret looks, in bits: a conservative estimate that catches the
 * secrets people type (`aaaa…`, `changeme-changeme-…`, `secretsecretsecret…`, a short pattern
 * repeated), not a proof of randomness.
 *
 * estimate = (Shannon entropy of the secret's characters, in bits per character)
 *          × (its length, where a run of 3 or more characters that already appeared earlier in
 *             the secret counts as one character: a greedy LZ77 parse)
 *
 * Random secrets estimate well above the production minimum (MIN_PRODUCTION_SECRET_BITS),
 * e.g. 32 random bytes: at least about 190 bits as base64 or hex, measured over 20,000 of each;
 * 16 random bytes as hex (32 characters), at least about 75.
 */
export function estimateSecretBits(secret: string): number {
  const characters = Array.from(secret);
  return bitsPerCharacter(characters) * parsedLength(characters);
}

/** Production refuses a JWT_SECRET estimated below this (config.ts). */
export const MIN_PRODUCTION_SECRET_BITS = 64;

const MIN_REPEAT = 3;

function bitsPerCharacter(characters: string[]): number {
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / characters.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

/** Characters and repeats: each repeat of an earlier run (it may overlap itself, as in `aaaa`) counts once. */
function parsedLength(characters: string[]): number {
  let length = 0;
  for (let at = 0; at < characters.length; length += 1) {
    let longest = 0;
    for (let earlier = 0; earlier < at; earlier += 1) {
      let run = 0;
      while (at + run < characters.length && characters[earlier + run] === characters[at + run]) run += 1;
      longest = Math.max(longest, run);
    }
    at += longest >= MIN_REPEAT ? longest : 1;
  }
  return length;
}
