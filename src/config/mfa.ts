import { z } from 'zod';
import { booleanFlag, duration } from './parsers.js';

/** Two-factor sign-in and re-authentication (src/mfa/). */

export const mfaEnv = z.object({
  /** The name authenticator apps show for the account (default: JWT_ISSUER). */
  MFA_ISSUER: z.string().trim().min(1).max(64).optional(),
  REAUTH_MAX_AGE: duration('300'),
  MFA_REQUIRED_FOR_ADMINS: booleanFlag(),
});

export interface MfaSettings {
  /** MFA_ISSUER: the issuer of the otpauth:// URIs; undefined: JWT_ISSUER. */
  mfaIssuer: string | undefined;
  /** REAUTH_MAX_AGE: how recent a session's last proof of identity must be for a sensitive change (seconds). */
  reauthMaxAgeSeconds: number;
  /** MFA_REQUIRED_FOR_ADMINS: admin fields answer FORBIDDEN (MFA_ENROLLMENT_REQUIRED) until the admin has a second factor. */
  mfaRequiredForAdmins: boolean;
}

export function mfaSettings(env: z.output<typeof mfaEnv>): MfaSettings {
  return {
    mfaIssuer: env.MFA_ISSUER,
    reauthMaxAgeSeconds: env.REAUTH_MAX_AGE,
    mfaRequiredForAdmins: env.MFA_REQUIRED_FOR_ADMINS ?? false,
  };
}
