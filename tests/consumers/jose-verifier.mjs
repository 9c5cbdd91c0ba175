// A service nobody here wrote the verification of: it checks cloud-auth's access tokens with
// jose's createRemoteJWKSet against the JWK Set, offline (no call to cloud-auth per token).
// Run as a separate process by tests/jwks-consumer.test.ts:
//   node jose-verifier.mjs <jwks url> <issuer> <audience> <cache max-age ms>
// It reads one token per line on stdin and answers one JSON line per token on stdout:
//   {"ok":true,"kid":...,"claims":{...}} or {"ok":false,"code":"ERR_JWS_..."}.
import { createInterface } from 'node:readline';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [jwksUrl, issuer, audience, cacheMaxAge] = process.argv.slice(2);
// A short cache stands for "once the consumer refreshes its set"; the cooldown bounds refetches on unknown kids.
const keySet = createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: Number(cacheMaxAge), cooldownDuration: 100, timeoutDuration: 5000 });

const lines = createInterface({ input: process.stdin });
lines.on('line', async (token) => {
  try {
    const { payload, protectedHeader } = await jwtVerify(token.trim(), keySet, {
      issuer,
      audience,
      algorithms: ['ES256'],
      typ: 'at+jwt',
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    process.stdout.write(`${JSON.stringify({ ok: true, kid: protectedHeader.kid, claims: payload })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, code: error?.code ?? String(error) })}\n`);
  }
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
