import type { Config } from './config/index.js';
import { createStores, type Stores } from './db/stores/index.js';
import type { Logger } from './logger.js';
import { AccountMail, type AccountMailSettings } from './mail/account-mail.js';
import { createMailer, type Mailer, type MailerSettings } from './mail/mailer.js';
import { BackgroundTasks } from './util/background.js';
import { SecurityEventStore } from './db/stores/security-events.store.js';
import { SecurityEventService, SecurityEventSink } from './events/index.js';
import { AdminAccountService } from './admin/index.js';
import { AccountService } from './accounts/accounts.js';
import { ActivationService } from './verification/activation.js';
import { OneTimeTokenService } from './verification/one-time-tokens.js';
import { PasswordResetService } from './password/password-reset.js';
import { RateLimits } from './limits/rate-limit.js';
import { ProfileService } from './accounts/profile.js';
import { SessionService } from './sessions/sessions.js';
import { TokenService, type TokenSettings } from './tokens/tokens.js';
import { UserDirectory } from './accounts/user-directory.js';
import { SigningKeyService, type KeyRing } from './keys/index.js';
import {
  CodeAttempts,
  MfaLoginService,
  MfaSecrets,
  ReauthenticationPolicy,
  ReauthenticationService,
  SecondFactors,
  TotpFactorService,
} from './mfa/index.js';
import { AssertionVerifier, DecoyCredentials, PasskeyMfaService, PasskeyService, PasskeySignInService, RelyingParty } from './passkeys/index.js';
import type { WebauthnRelyingParty } from './config/index.js';
import type { IdentityProviderConfig } from './config/index.js';
import {
  CallbackOrigin,
  EMAIL_SIGN_IN_TTL_SECONDS,
  EmailSignInService,
  IdentityAccounts,
  IdentityFlows,
  LinkedIdentities,
  OidcClient,
  PasswordlessSignIn,
} from './providers/index.js';

/** The service layer, wired once at start-up and shared by every request. */
export interface Services {
  tokens: TokenService;
  sessions: SessionService;
  accounts: AccountService;
  /** Named throttles (limits/rate-limit-defaults.ts) for services and the GraphQL layer to spend. */
  rateLimits: RateLimits;
  /** Work done after the response (mail); drained on shutdown. */
  background: BackgroundTasks;
  mailer: Mailer;
  oneTimeTokens: OneTimeTokenService;
  activation: ActivationService;
  passwordReset: PasswordResetService;
  profile: ProfileService;
  users: UserDirectory;
  /** Where every security event goes (src/events/): the table, then the log and the metrics. */
  eventSink: SecurityEventSink;
  /** Reading the event log (securityEvents, auditLog). */
  events: SecurityEventService;
  /** Admin account management (setUserActive, setUserRole, revokeUserSessions, deleteUser). */
  admin: AdminAccountService;
  /** The signing keys of access tokens in memory (ES256, RS256); undefined with HS256. */
  keyRing: KeyRing | undefined;
  /** Listing, rotating and revoking signing keys (signingKeys, rotateSigningKey, revokeSigningKey, `npm run keys`). */
  keys: SigningKeyService;
  /** Authenticator apps and recovery codes (src/mfa/). */
  totpFactors: TotpFactorService;
  /** The second half of a login for an account with a second factor (completeMfaLogin). */
  mfaLogin: MfaLoginService;
  /** reauthenticate. */
  reauthentication: ReauthenticationService;
  /** The REAUTH_MAX_AGE rule of sensitive changes. */
  reauthenticationPolicy: ReauthenticationPolicy;
  /** MFA_REQUIRED_FOR_ADMINS: admin fields need the admin to have a second factor (graphql/permissions.ts). */
  mfaRequiredForAdmins: boolean;
  /** One's own passkeys: registration, list, rename, removal (src/passkeys/). */
  passkeys: PasskeyService;
  /** startPasskeySignIn, finishPasskeySignIn. */
  passkeySignIn: PasskeySignInService;
  /** startPasskeyMfa, finishPasskeyMfa: a passkey as the second factor of a login. */
  passkeyMfa: PasskeyMfaService;
  /** Identity providers: the round trip, its callback and completeIdentityProviderSignIn (src/providers/). */
  identityFlows: IdentityFlows;
  /** PUBLIC_URL, or where the server listens: the base of the callback URL (server.ts sets it). */
  identityCallbackOrigin: CallbackOrigin;
  /** identities and unlinkIdentity. */
  linkedIdentities: LinkedIdentities;
  /** requestEmailSignIn and completeEmailSignIn. */
  emailSignIn: EmailSignInService;
}

/** Mail and account-lifecycle settings (issue 5). */
export interface LifecycleSettings {
  requireEmailActivation: boolean;
  mailer: MailerSettings;
  mail: AccountMailSettings;
  mfa: MfaServiceSettings;
  /** The WebAuthn relying party (config/webauthn.ts); undefined: passkeys are off. */
  webauthn: WebauthnRelyingParty | undefined;
  providers: ProviderServiceSettings;
}

/** Identity providers (config/providers.ts). */
export interface ProviderServiceSettings {
  list: IdentityProviderConfig[];
  redirectUris: string[];
  timeoutSeconds: number;
  /** PUBLIC_URL; undefined: where the server listens. */
  publicUrl: string | undefined;
}

/** Two-factor sign-in (config/mfa.ts, and KEY_ENCRYPTION_KEY for its secrets at rest). */
export interface MfaServiceSettings {
  issuer: string;
  reauthMaxAgeSeconds: number;
  requiredForAdmins: boolean;
  keyEncryptionKey: string | undefined;
}

export function tokenSettings(config: Config, secret: string): TokenSettings {
  return {
    secret,
    algorithm: config.jwtAlgorithm,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    accessTtlSeconds: config.accessTokenTtlSeconds,
    refreshTtlSeconds: config.refreshTokenTtlSeconds,
    sessionMaxLifetimeSeconds: config.sessionMaxLifetimeSeconds,
    refreshReuseIntervalSeconds: config.refreshReuseIntervalSeconds,
  };
}

export function lifecycleSettings(config: Config): LifecycleSettings {
  return {
    requireEmailActivation: config.requireEmailActivation,
    mailer: { smtpUrl: config.smtpUrl, from: config.mailFrom, isProduction: config.isProduction },
    mail: {
      activationUrl: config.activationUrl,
      passwordResetUrl: config.passwordResetUrl,
      activationTtlSeconds: config.activationTokenTtlSeconds,
      passwordResetTtlSeconds: config.passwordResetTokenTtlSeconds,
      emailSignInUrl: config.emailSignInUrl,
      emailSignInTtlSeconds: EMAIL_SIGN_IN_TTL_SECONDS,
    },
    mfa: {
      issuer: config.mfaIssuer ?? config.jwtIssuer,
      reauthMaxAgeSeconds: config.reauthMaxAgeSeconds,
      requiredForAdmins: config.mfaRequiredForAdmins,
      keyEncryptionKey: config.keyEncryptionKey,
    },
    webauthn: config.webauthn,
    providers: {
      list: config.identityProviders,
      redirectUris: config.identityRedirectUris,
      timeoutSeconds: config.identityProviderTimeoutSeconds,
      publicUrl: config.publicUrl,
    },
  };
}

export function createServices(
  settings: TokenSettings,
  logger: Logger,
  lifecycle: LifecycleSettings,
  rateLimits: RateLimits = RateLimits.disabled(),
  stores: Stores = createStores(),
  /** Required for JWT_ALGORITHM ES256 and RS256 (app.ts opens it); without it, asymmetric access tokens cannot be signed. */
  keyRing?: KeyRing,
): Services {
  const tokens = new TokenService(settings, keyRing);
  const eventStore = new SecurityEventStore();
  const eventSink = new SecurityEventSink(eventStore, logger);
  const sessions = new SessionService(tokens, stores.sessions, eventSink);
  const background = new BackgroundTasks(logger);
  const mailer = createMailer(lifecycle.mailer, logger);
  const mail = new AccountMail(mailer, background, lifecycle.mail, logger);
  const oneTimeTokens = new OneTimeTokenService(
    {
      activationSeconds: lifecycle.mail.activationTtlSeconds,
      passwordResetSeconds: lifecycle.mail.passwordResetTtlSeconds,
      emailSignInSeconds: lifecycle.mail.emailSignInTtlSeconds,
    },
    stores.oneTimeTokens,
  );
  const secrets = new MfaSecrets({ keyEncryptionKey: lifecycle.mfa.keyEncryptionKey, jwtSecret: settings.secret });
  const secondFactors = new SecondFactors(stores.mfa, secrets, stores.passkeys);
  const codeAttempts = new CodeAttempts(rateLimits, eventSink);
  const mfaLogin = new MfaLoginService(stores.mfa, stores.users, secondFactors, codeAttempts, sessions, eventSink, mail);
  const reauthenticationPolicy = new ReauthenticationPolicy(sessions, lifecycle.mfa.reauthMaxAgeSeconds);
  const relyingParty = new RelyingParty(lifecycle.webauthn);
  const assertions = new AssertionVerifier(relyingParty, logger);
  const decoys = new DecoyCredentials({ keyEncryptionKey: lifecycle.mfa.keyEncryptionKey, jwtSecret: settings.secret });
  const accounts = new AccountService(
    sessions,
    stores.users,
    rateLimits,
    { required: lifecycle.requireEmailActivation, tokens: oneTimeTokens, mail },
    eventSink,
    mfaLogin,
  );
  const passwordless = new PasswordlessSignIn(stores.users, sessions, mfaLogin);
  const identityCallbackOrigin = new CallbackOrigin(lifecycle.providers.publicUrl);
  const identityFlows = new IdentityFlows(
    lifecycle.providers.list,
    lifecycle.providers.redirectUris,
    new OidcClient(lifecycle.providers.timeoutSeconds, logger),
    stores.identities,
    stores.users,
    new IdentityAccounts(stores.identities, stores.users, eventSink),
    passwordless,
    reauthenticationPolicy,
    eventSink,
    identityCallbackOrigin,
  );
  return {
    tokens,
    sessions,
    accounts,
    rateLimits,
    background,
    mailer,
    oneTimeTokens,
    activation: new ActivationService(oneTimeTokens, stores.users, mail, background, rateLimits, eventSink),
    passwordReset: new PasswordResetService(oneTimeTokens, sessions, stores.users, mail, background, rateLimits, eventSink),
    profile: new ProfileService(
      sessions,
      stores.users,
      oneTimeTokens,
      mail,
      lifecycle.requireEmailActivation,
      rateLimits,
      eventSink,
      reauthenticationPolicy,
    ),
    users: new UserDirectory(stores.users),
    eventSink,
    events: new SecurityEventService(eventStore),
    admin: new AdminAccountService(eventSink, stores.users),
    keyRing,
    keys: new SigningKeyService(stores.signingKeys, eventSink, keyRing),
    totpFactors: new TotpFactorService(stores.mfa, stores.users, secrets, reauthenticationPolicy, eventSink, mail, lifecycle.mfa.issuer),
    mfaLogin,
    reauthentication: new ReauthenticationService(stores.users, secondFactors, codeAttempts, sessions, rateLimits, eventSink, mail),
    reauthenticationPolicy,
    mfaRequiredForAdmins: lifecycle.mfa.requiredForAdmins,
    passkeys: new PasskeyService(stores.passkeys, stores.mfa, relyingParty, reauthenticationPolicy, eventSink, mail, logger),
    passkeySignIn: new PasskeySignInService(stores.passkeys, stores.users, relyingParty, assertions, decoys, sessions, eventSink),
    passkeyMfa: new PasskeyMfaService(stores.passkeys, stores.mfa, mfaLogin, codeAttempts, relyingParty, assertions, eventSink),
    identityFlows,
    identityCallbackOrigin,
    linkedIdentities: new LinkedIdentities(stores.identities, stores.users, reauthenticationPolicy, eventSink),
    emailSignIn: new EmailSignInService(
      oneTimeTokens,
      stores.users,
      mail,
      background,
      rateLimits,
      eventSink,
      passwordless,
      lifecycle.requireEmailActivation,
    ),
  };
}
