import { Secret, TOTP } from 'otpauth';
import { expectData, type OperationResult, type TestClient } from './client.js';
import { LoginDocument } from './operations.js';
import { ConfirmTotpEnrollmentDocument, StartTotpEnrollmentDocument } from './mfa-operations.js';

/**
 * An authenticator app as a test drives it: otpauth (a TOTP library of its own, not the server's
 * code path) computes the codes, at any time step, from the secret the server handed out.
 */
export function authenticatorApp(secret: string) {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  return {
    /** The code of the step `steps` away from now (-1: the previous step). */
    code: (steps = 0) => totp.generate({ timestamp: Date.now() + steps * 30_000 }),
  };
}

/**
 * Waits (at most 4 s) until the current 30-second step has at least 4 s left, so that a test that
 * names steps relative to now ("the previous one", "two back") is not cut by a step boundary.
 */
export async function awayFromStepBoundary(): Promise<void> {
  const remaining = 30_000 - (Date.now() % 30_000);
  if (remaining < 4_000) await new Promise((resolve) => setTimeout(resolve, remaining + 50));
}

/** Adds and confirms an authenticator app on a freshly signed-in client; MFA is on afterwards. */
export async function enableTotp(client: TestClient, name = 'Phone') {
  const enrollment = expectData(await client.run(StartTotpEnrollmentDocument, { name })).startTotpEnrollment;
  const app = authenticatorApp(enrollment.secret);
  await awayFromStepBoundary();
  // The previous step's code confirms: the current and next steps stay free for the test's logins.
  const confirmed = expectData(await client.run(ConfirmTotpEnrollmentDocument, { factorId: enrollment.factor.id, code: app.code(-1) }));
  return { factorId: enrollment.factor.id, secret: enrollment.secret, app, recoveryCodes: confirmed.confirmTotpEnrollment?.codes ?? [] };
}

/** The mfaToken and factors of a login that answered MFA_REQUIRED (fails the test otherwise). */
export function mfaChallengeOf(result: OperationResult<unknown>): { mfaToken: string; factors: string[] } {
  const error = result.errors[0];
  if (result.errors.length !== 1 || error.extensions.code !== 'MFA_REQUIRED') {
    throw new Error(`expected MFA_REQUIRED, got ${JSON.stringify(result.errors)} / ${JSON.stringify(result.data)}`);
  }
  return { mfaToken: error.extensions.mfaToken, factors: error.extensions.factors };
}

export async function passwordHalf(client: TestClient, username: string, password: string) {
  return mfaChallengeOf(await client.run(LoginDocument, { input: { username, password } }));
}
