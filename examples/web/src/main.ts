import { createClient, TOKENS_STAY_OUT_OF_THE_CACHE } from './client';
import { errorCodeOf, hasFieldError, mfaChallengeOf, type MfaChallenge } from './auth/errors';
import type { AuthState } from './auth/session';
import {
  ChangePasswordDocument,
  CompleteEmailSignInDocument,
  CompleteIdentityProviderSignInDocument,
  CompleteMfaLoginDocument,
  FinishPasskeyMfaDocument,
  FinishPasskeySignInDocument,
  IdentitiesDocument,
  LoginDocument,
  MeDocument,
  PasskeysDocument,
  RegisterDocument,
  RevokeSessionDocument,
  SecurityActivityDocument,
  SessionsDocument,
  StartPasskeyMfaDocument,
  StartPasskeySignInDocument,
  TotpFactorsDocument,
} from './operations';
import { createAct, say } from './page';
import { usePasskey } from './passkey-ceremony';
import { createPasskeysSection } from './passkeys';
import { createProvidersSection, describeCallbackError, takeReturn, type Return } from './providers';
import { createReauthPrompt } from './reauth-prompt';
import { createTwoFactorSection } from './two-factor';
import { element, fieldsOf, renderProfile, renderSecurityActivity, renderSessions, showOnly } from './view';

const { client, session } = createClient();

const isSignedIn = () => session.state.status === 'signed-in';
const act = createAct(isSignedIn);
const reauth = createReauthPrompt(client, session, () =>
  !twoFactor.enabled ? 'none' : twoFactor.apps === 0 && passkeys.count > 0 ? 'passkey' : 'code',
);
const twoFactor = createTwoFactorSection(client, act, reauth, loadAccount);
const passkeys = createPasskeysSection(client, act, reauth, loadAccount);
const providers = createProvidersSection(client, act, reauth);

/** Me, sessions, security activity, authenticator apps, passkeys and linked accounts at once: after expiry they fail together and share one refresh. */
async function loadAccount(): Promise<void> {
  const [me, sessions, activity, factors, keys, identities] = await Promise.all([
    client.query({ query: MeDocument, fetchPolicy: 'network-only' }),
    client.query({ query: SessionsDocument, fetchPolicy: 'network-only' }),
    client.query({ query: SecurityActivityDocument, variables: { first: 10 }, fetchPolicy: 'network-only' }),
    client.query({ query: TotpFactorsDocument, fetchPolicy: 'network-only' }),
    client.query({ query: PasskeysDocument, fetchPolicy: 'network-only' }),
    client.query({ query: IdentitiesDocument, fetchPolicy: 'network-only' }),
  ]);
  renderProfile(me.data!.me);
  renderSessions(sessions.data!.sessions, (id, current) => act(() => revoke(id, current)));
  renderSecurityActivity(activity.data!.securityEvents);
  passkeys.render(keys.data!.passkeys);
  providers.render(identities.data!.identities, loadAccount);
  twoFactor.render(me.data!.me.mfaEnabled, factors.data!.totpFactors, keys.data!.passkeys.length);
}

async function revoke(id: string, current: boolean): Promise<void> {
  await client.mutate({ mutation: RevokeSessionDocument, variables: { id } });
  if (current) await session.logOut('You ended the session of this browser.');
  else await loadAccount();
}

session.subscribe((state: AuthState) => {
  if (state.status === 'checking') return showOnly('checking');
  showOnly(state.status);
  if (state.status === 'signed-out') {
    void client.clearStore();
    reauth.dismiss();
    twoFactor.reset();
    passkeys.reset();
    providers.reset();
    say(state.reason);
  }
});

/**
 * Sign-in in two steps for an account with two-factor authentication: the password answers
 * MFA_REQUIRED with an mfaToken (kept in memory only, for this one sign-in), then a code from the
 * authenticator app (or a recovery code) finishes it with completeMfaLogin, or a passkey
 * ("Use a passkey", when PASSKEY is among the factors) with startPasskeyMfa / finishPasskeyMfa.
 */
const loginForm = element<HTMLFormElement>('login-form');
const mfaLoginForm = element<HTMLFormElement>('mfa-login-form');
const mfaCodeInput = mfaLoginForm.elements.namedItem('code') as HTMLInputElement;
const mfaSwitch = element<HTMLButtonElement>('mfa-login-switch');
const mfaPasskey = element<HTMLButtonElement>('mfa-login-passkey');
let pendingSignIn: MfaChallenge | null = null;
let usingRecoveryCode = false;
/** What the first step was, in the code step's hint: the password, a provider, an emailed link. */
let firstStepDone = 'Your password was right.';

function askForCode(recoveryCode: boolean): void {
  const factors = pendingSignIn?.factors ?? [];
  const withPasskey = factors.includes('PASSKEY');
  // An account whose only second step is a passkey has no code to ask for.
  const withCode = factors.includes('TOTP') || factors.includes('RECOVERY_CODE') || !withPasskey;
  usingRecoveryCode = recoveryCode;
  element('mfa-login-label').textContent = recoveryCode ? 'Recovery code' : 'Code from your authenticator app';
  element('mfa-login-hint').textContent = !withCode
    ? `${firstStepDone} Confirm with your passkey.`
    : recoveryCode
      ? 'Enter one of the recovery codes you saved (xxxxx-xxxxx). Each works once.'
      : withPasskey
        ? `${firstStepDone} Enter the code your authenticator app shows now, or use a passkey.`
        : `${firstStepDone} Enter the code your authenticator app shows now.`;
  mfaCodeInput.inputMode = recoveryCode ? 'text' : 'numeric';
  mfaCodeInput.value = '';
  mfaCodeInput.disabled = !withCode;
  element('mfa-login-code-field').hidden = !withCode;
  element('mfa-login-verify').hidden = !withCode;
  mfaPasskey.hidden = !withPasskey;
  mfaSwitch.textContent = recoveryCode ? 'Use your authenticator app' : 'Use a recovery code';
  mfaSwitch.hidden = !factors.includes('RECOVERY_CODE') || (!factors.includes('TOTP') && recoveryCode);
  if (withCode) mfaCodeInput.focus();
  else mfaPasskey.focus();
}

function showPasswordStep(): void {
  pendingSignIn = null;
  mfaLoginForm.reset();
  mfaLoginForm.hidden = true;
  loginForm.hidden = false;
}

function showCodeStep(challenge: MfaChallenge, firstStep = 'Your password was right.'): void {
  pendingSignIn = challenge;
  firstStepDone = firstStep;
  loginForm.hidden = true;
  mfaLoginForm.hidden = false;
  // Recovery codes only (the apps removed, a passkey left): ask for one of those.
  askForCode(!challenge.factors.includes('TOTP') && challenge.factors.includes('RECOVERY_CODE'));
}

/** The pending sign-in expired, was finished elsewhere, or ran out of tries: back to the password. */
const pendingSignInIsOver = (error: unknown) => hasFieldError(error, 'mfaToken') || errorCodeOf(error) === 'RATE_LIMITED';

async function signedIn(accessToken: string): Promise<void> {
  showPasswordStep();
  session.signedIn(accessToken);
  await loadAccount();
}

/**
 * The end of a sign-in without a password (a provider's `#code=`, an emailed link's token): its
 * tokens are handled as login's, and an account with two-factor on answers MFA_REQUIRED, which
 * goes on with the same code step as after a password. Anything else: the page checks for a
 * session as on an ordinary visit, then shows the error.
 */
async function finishPasswordless(firstStep: string, complete: () => Promise<string>): Promise<void> {
  let accessToken: string;
  try {
    accessToken = await complete();
  } catch (error) {
    await session.restore();
    if (isSignedIn()) await loadAccount();
    const challenge = mfaChallengeOf(error);
    if (!challenge) throw error;
    if (!isSignedIn()) showCodeStep(challenge, firstStep);
    return;
  }
  await signedIn(accessToken);
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void act(async () => {
    const { username, password } = fieldsOf(loginForm);
    try {
      const { data } = await client.mutate({
        mutation: LoginDocument,
        variables: { input: { username, password } },
        fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
      });
      loginForm.reset();
      await signedIn(data!.login.accessToken);
    } catch (error) {
      const challenge = mfaChallengeOf(error);
      if (!challenge) throw error;
      loginForm.reset();
      showCodeStep(challenge);
    }
  });
});

mfaLoginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void act(async () => {
    if (!pendingSignIn) return showPasswordStep();
    const code = fieldsOf(mfaLoginForm).code.trim();
    try {
      const { data } = await client.mutate({
        mutation: CompleteMfaLoginDocument,
        variables: { input: { mfaToken: pendingSignIn.mfaToken, code: usingRecoveryCode ? code : code.replace(/\s/g, '') } },
        fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
      });
      await signedIn(data!.completeMfaLogin.accessToken);
    } catch (error) {
      if (pendingSignInIsOver(error)) showPasswordStep();
      else mfaCodeInput.value = '';
      throw error;
    }
  });
});

mfaPasskey.addEventListener('click', () =>
  act(async () => {
    if (!pendingSignIn) return showPasswordStep();
    const { mfaToken } = pendingSignIn;
    try {
      const { data: started } = await client.mutate({ mutation: StartPasskeyMfaDocument, variables: { mfaToken } });
      const { challengeId, options } = started!.startPasskeyMfa;
      const response = await usePasskey(options);
      const { data } = await client.mutate({
        mutation: FinishPasskeyMfaDocument,
        variables: { mfaToken, challengeId, response },
        fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
      });
      await signedIn(data!.finishPasskeyMfa.accessToken);
    } catch (error) {
      if (pendingSignInIsOver(error)) showPasswordStep();
      throw error;
    }
  }),
);

/** Without a username: the browser offers the passkeys it holds for this site; the one chosen names the account. */
element('passkey-sign-in').addEventListener('click', () =>
  act(async () => {
    const { data: started } = await client.mutate({ mutation: StartPasskeySignInDocument });
    const { challengeId, options } = started!.startPasskeySignIn;
    const response = await usePasskey(options);
    const { data } = await client.mutate({
      mutation: FinishPasskeySignInDocument,
      variables: { challengeId, response },
      fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
    });
    loginForm.reset();
    await signedIn(data!.finishPasskeySignIn.accessToken);
  }),
);

mfaSwitch.addEventListener('click', () => {
  say(null);
  askForCode(!usingRecoveryCode);
});

element('mfa-login-cancel').addEventListener('click', () => {
  say(null);
  showPasswordStep();
});

element('register-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  void act(async () => {
    const { username, email, password, passwordConfirm } = fieldsOf(form);
    const { data } = await client.mutate({
      mutation: RegisterDocument,
      variables: { input: { username, email, password, passwordConfirm } },
    });
    form.reset();
    const registered = data!.register;
    say(registered.isActive ? `Welcome, ${registered.username}. You can log in now.` : 'Check your email to activate the account.');
  });
});

element('reload').addEventListener('click', () => void act(loadAccount));

element('logout').addEventListener('click', () => void act(() => session.logOut('You logged out.')));

element('change-password-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  void act(async () => {
    const { currentPassword, newPassword, newPasswordConfirm } = fieldsOf(form);
    // With two-factor on, a password change needs a recent two-factor proof too.
    const { data } = await reauth.guard(() =>
      client.mutate({
        mutation: ChangePasswordDocument,
        variables: { input: { currentPassword, newPassword, newPasswordConfirm } },
        fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
      }),
    );
    form.reset();
    // Every other session is revoked; this one carries on with the new tokens (and new cookie).
    session.signedIn(data!.changePassword.accessToken);
    say('Password changed. Your other sessions have been signed out.');
    await loadAccount();
  });
});

/** The page was opened by a provider's callback, an emailed link, or as usual (then a refresh cookie may sign it in). */
async function start(back: Return): Promise<void> {
  if (back.kind === 'code') {
    return finishPasswordless('The provider confirmed who you are.', async () => {
      const { data } = await client.mutate({
        mutation: CompleteIdentityProviderSignInDocument,
        variables: { code: back.code },
        fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
      });
      return data!.completeIdentityProviderSignIn.accessToken;
    });
  }
  if (back.kind === 'email') {
    return finishPasswordless('Your sign-in link was right.', async () => {
      const { data } = await client.mutate({
        mutation: CompleteEmailSignInDocument,
        variables: { token: back.token },
        fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
      });
      return data!.completeEmailSignIn.accessToken;
    });
  }
  await session.restore();
  if (isSignedIn()) await loadAccount();
  if (back.kind === 'linked') say(`Linked ${providers.nameOf(back.provider)}: it signs you in to this account now.`);
  if (back.kind === 'error') say(null, describeCallbackError(back.error));
}

void act(async () => {
  const back = takeReturn();
  // The buttons of the providers, tried twice (a dropped connection, a proxy's hiccup); without
  // them the rest of the page still works.
  const listed = providers
    .loadProviders()
    .catch(() => new Promise((resolve) => setTimeout(resolve, 500)).then(() => providers.loadProviders()))
    .catch(() => {});
  if (back.kind === 'linked') await listed;
  await start(back);
  await listed;
});
