/**
 * The named throttles and their defaults: `points` events per `durationSeconds` window.
 * Kept apart from rate-limit.ts (no dependencies) so that config.ts can validate `RATE_LIMITS`
 * overrides against these names.
 *
 * - `loginAccount`, `loginAccountGlobal` and `loginAddress` count FAILED password checks (login,
 *   and the current password of changePassword, updateMe and deleteMe; see RateLimits.beginLogin).
 * - `mailPerAccount` is a budget per account (the mails anyone can make the service send it).
 * - Every other name is a per-client-address budget. A limit whose name is also a Query or
 *   Mutation field is applied to that field automatically (src/graphql/rate-limit.middleware.ts),
 *   so protecting a new operation is one line here. Services may also call
 *   `services.rateLimits.consume(name, key)` with a key of their own (an email, a user id).
 *
 * Per-address budgets are deliberately generous: many honest people share one address behind
 * NAT, a campus network or a mobile carrier (see DESIGN.md, "Known traps").
 */
export const DEFAULT_RATE_LIMITS = {
  /**
   * Failed logins per account FROM ONE CLIENT ADDRESS before the account locks for that address;
   * the lock lasts one window and doubles on each repeat (24 h cap).
   */
  loginAccount: { points: 10, durationSeconds: 15 * 60 },
  /**
   * Failed logins per account from all addresses together before it locks for everyone, for one
   * window. Far above what one address can reach in a day (about 70), so that only a guessing
   * campaign from many addresses locks the owner out; a password reset lifts it.
   */
  loginAccountGlobal: { points: 100, durationSeconds: 24 * 60 * 60 },
  /** Failed logins per client address before the address is blocked for one window. */
  loginAddress: { points: 100, durationSeconds: 15 * 60 },
  /** Accounts created per client address. */
  register: { points: 50, durationSeconds: 60 * 60 },
  /** Refreshes per client address: a device refreshes about every 5 minutes. */
  refreshToken: { points: 300, durationSeconds: 15 * 60 },
  /** Token checks per client address (resource servers may call it on every request they serve). */
  verifyToken: { points: 600, durationSeconds: 15 * 60 },
  /** Reset mails requested per client address (each one sends an email). */
  requestPasswordReset: { points: 20, durationSeconds: 60 * 60 },
  /** Activation mails re-sent per client address. */
  resendActivation: { points: 20, durationSeconds: 60 * 60 },
  /**
   * Mails with a link (activation, password reset, email confirmation) and "someone tried to
   * register with your address" notices per account, whoever asks, from wherever: what keeps one
   * inbox from being flooded.
   */
  mailPerAccount: { points: 3, durationSeconds: 60 * 60 },
  /**
   * Second-factor attempts per client address. Each wrong code also spends the account's login
   * budget (loginAccount, loginAccountGlobal), and each mfaToken takes 5 (src/mfa/limits.ts).
   */
  completeMfaLogin: { points: 60, durationSeconds: 15 * 60 },
  /** Re-authentications per client address (their passwords and codes spend the login budget too). */
  reauthenticate: { points: 60, durationSeconds: 15 * 60 },
  /** Authenticator apps started per client address (each is a row and a secret). */
  startTotpEnrollment: { points: 30, durationSeconds: 60 * 60 },
  /** Confirmation attempts per client address. */
  confirmTotpEnrollment: { points: 60, durationSeconds: 15 * 60 },
  /** Passkey registrations started per client address (each is a stored challenge). */
  startPasskeyRegistration: { points: 30, durationSeconds: 60 * 60 },
  /**
   * Passkey sign-ins started per client address: each stores a challenge (5 minutes), and a page
   * offering passkey autofill starts one on every load.
   */
  startPasskeySignIn: { points: 120, durationSeconds: 15 * 60 },
  /** Passkey answers per client address (a signature cannot be guessed; this bounds the verification work). */
  finishPasskeySignIn: { points: 60, durationSeconds: 15 * 60 },
  /** Passkey second factors started per client address. */
  startPasskeyMfa: { points: 60, durationSeconds: 15 * 60 },
  /** Passkey second-factor answers per client address; a failed one also spends the login budget and one of the mfaToken's 5. */
  finishPasskeyMfa: { points: 60, durationSeconds: 15 * 60 },
  /** Provider round trips started per client address (each is a row and a discovery look-up). */
  startIdentityProviderSignIn: { points: 60, durationSeconds: 15 * 60 },
  /** Callback codes tried per client address (256-bit codes: a bound on rows read, not on guessing). */
  completeIdentityProviderSignIn: { points: 60, durationSeconds: 15 * 60 },
  /** Provider links started per client address. */
  linkIdentityProvider: { points: 30, durationSeconds: 15 * 60 },
  /** GET /auth/callback/:provider per client address (each may be a token request to the provider). */
  identityCallback: { points: 120, durationSeconds: 15 * 60 },
  /** Sign-in mails requested per client address (each one sends an email; mailPerAccount bounds each inbox). */
  requestEmailSignIn: { points: 20, durationSeconds: 60 * 60 },
  /** Sign-in link tokens tried per client address. */
  completeEmailSignIn: { points: 60, durationSeconds: 15 * 60 },
} as const satisfies Record<string, RateLimitRule>;

export interface RateLimitRule {
  points: number;
  durationSeconds: number;
}

export type RateLimitName = keyof typeof DEFAULT_RATE_LIMITS;

export const RATE_LIMIT_NAMES = Object.keys(DEFAULT_RATE_LIMITS) as RateLimitName[];

export const isRateLimitName = (name: string): name is RateLimitName => Object.hasOwn(DEFAULT_RATE_LIMITS, name);

/** The throttles that count failed password checks rather than every request. */
export const LOGIN_LIMIT_NAMES: readonly RateLimitName[] = ['loginAccount', 'loginAccountGlobal', 'loginAddress'];
