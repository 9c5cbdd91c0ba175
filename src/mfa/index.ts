export { MfaResolver } from './resolver.js';
export { MfaLoginService, type FirstFactorAccount } from './mfa-login.js';
export { TotpFactorService } from './totp-factors.js';
export { ReauthenticationService } from './reauthenticate.js';
export { ReauthenticationPolicy } from './reauthentication.js';
export { SecondFactors } from './second-factor.js';
export { CodeAttempts } from './code-attempts.js';
export { MfaSecrets } from './mfa-secrets.js';
export { mfaEnrollmentRequired } from './errors.js';
