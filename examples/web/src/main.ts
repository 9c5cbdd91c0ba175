import { createClient, TOKENS_STAY_OUT_OF_THE_CACHE } from './client';
import { describeError } from './auth/errors';
import type { AuthState } from './auth/session';
import {
  ChangePasswordDocument,
  LoginDocument,
  MeDocument,
  RegisterDocument,
  RevokeSessionDocument,
  SecurityActivityDocument,
  SessionsDocument,
} from './operations';
import { element, fieldsOf, renderProfile, renderSecurityActivity, renderSessions, showOnly } from './view';

const { client, session } = createClient();

const page = element('app');
const notice = element('notice');
const errorBox = element('error');

function say(message: string | null, error: string | null = null): void {
  notice.textContent = message ?? '';
  errorBox.textContent = error ?? '';
}

const isSignedIn = () => session.state.status === 'signed-in';

/**
 * Runs what a button does, with the page marked busy meanwhile, and shows its error, unless the
 * session ended on the way (the signed-out view says so; "Authentication required" would only confuse).
 */
async function act(work: () => Promise<void>): Promise<void> {
  say(null);
  const wasSignedIn = isSignedIn();
  page.setAttribute('aria-busy', 'true');
  try {
    await work();
  } catch (error) {
    const sessionEnded = wasSignedIn && !isSignedIn();
    if (!sessionEnded) say(null, describeError(error));
  } finally {
    page.removeAttribute('aria-busy');
  }
}

/** Me, the session list and recent security activity at once: after expiry they fail together and share one refresh. */
async function loadAccount(): Promise<void> {
  const [me, sessions, activity] = await Promise.all([
    client.query({ query: MeDocument, fetchPolicy: 'network-only' }),
    client.query({ query: SessionsDocument, fetchPolicy: 'network-only' }),
    client.query({ query: SecurityActivityDocument, variables: { first: 10 }, fetchPolicy: 'network-only' }),
  ]);
  renderProfile(me.data!.me);
  renderSessions(sessions.data!.sessions, (id, current) => act(() => revoke(id, current)));
  renderSecurityActivity(activity.data!.securityEvents);
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
    say(state.reason);
  }
});

element('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  void act(async () => {
    const { username, password } = fieldsOf(form);
    const { data } = await client.mutate({
      mutation: LoginDocument,
      variables: { input: { username, password } },
      fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
    });
    form.reset();
    session.signedIn(data!.login.accessToken);
    await loadAccount();
  });
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
    const { data } = await client.mutate({
      mutation: ChangePasswordDocument,
      variables: { input: { currentPassword, newPassword, newPasswordConfirm } },
      fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
    });
    form.reset();
    // Every other session is revoked; this one carries on with the new tokens (and new cookie).
    session.signedIn(data!.changePassword.accessToken);
    say('Password changed. Your other sessions have been signed out.');
    await loadAccount();
  });
});

void act(async () => {
  await session.restore();
  if (isSignedIn()) await loadAccount();
});
