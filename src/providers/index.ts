export { IdentityProviderResolver } from './resolver.js';
export { CallbackOrigin, IdentityFlows, type CallbackBase, type CallbackOutcome } from './flows.js';
export { IdentityAccounts } from './identity-accounts.js';
export { LinkedIdentities, otherWaysToSignIn } from './identities.js';
export { EmailSignInService } from './email-link.js';
export { OidcClient } from './oidc-client.js';
export { PasswordlessSignIn } from './sign-in-session.js';
export { EMAIL_SIGN_IN_TTL_SECONDS } from './limits.js';
