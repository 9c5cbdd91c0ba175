import type { ApolloClient } from '@apollo/client';
import type { IdentitiesQuery, IdentityProvidersQuery } from './gql/graphql';
import {
  IdentityProvidersDocument,
  LinkIdentityProviderDocument,
  RequestEmailSignInDocument,
  StartIdentityProviderSignInDocument,
  UnlinkIdentityDocument,
} from './operations';
import { say, type Act } from './page';
import type { ReauthPrompt } from './reauth-prompt';
import { element, fieldsOf, when } from './view';

/**
 * Identity providers and emailed sign-in links.
 *
 * Signed out: one "Sign in with <name>" button per configured provider. It asks for the
 * provider's URL with this page as `redirectUri` (which the server must list in
 * IDENTITY_REDIRECT_URIS) and sends the browser there; the provider comes back to the API's
 * /auth/callback/<id>, which sends the browser back here with `#code=…` (or `#error=…`).
 * "Email me a sign-in link" mails a link to this page with `?email-sign-in=<token>`.
 *
 * Signed in: "Linked accounts" lists the account's identities (Unlink each) and offers
 * "Link <name>" for the providers not linked yet; linking needs a recent proof of identity
 * (`reauth.guard`) and comes back with `#linked=<id>`.
 */

/** Where a provider round trip ends: this page, without query or fragment. */
export const returnUri = () => `${location.origin}/`;

/** The query parameter of EMAIL_SIGN_IN_URL, e.g. `https://app.example/?email-sign-in={token}`. */
export const EMAIL_SIGN_IN_PARAM = 'email-sign-in';

/** What the URL this page was opened with brought back; `none` for an ordinary visit. */
export type Return =
  | { kind: 'none' }
  | { kind: 'code'; code: string }
  | { kind: 'email'; token: string }
  | { kind: 'linked'; provider: string }
  | { kind: 'error'; error: string };

/**
 * Reads the callback's fragment (`#code=`, `#linked=`, `#error=`) or the emailed link's query
 * (`?email-sign-in=`) and removes it from the address bar and history at once: a code or a token
 * works once, and must not stay where a reload, a bookmark or a shared URL would pick it up.
 */
export function takeReturn(): Return {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const query = new URLSearchParams(location.search);
  const token = query.get(EMAIL_SIGN_IN_PARAM);
  const code = fragment.get('code');
  const linked = fragment.get('linked');
  const error = fragment.get('error');
  if (token === null && code === null && linked === null && error === null) return { kind: 'none' };
  query.delete(EMAIL_SIGN_IN_PARAM);
  const rest = query.toString();
  history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}`);
  if (code) return { kind: 'code', code };
  if (token) return { kind: 'email', token };
  if (linked) return { kind: 'linked', provider: linked };
  return { kind: 'error', error: error ?? 'invalid_response' };
}

/** The callback's `error` codes (README: "Identity providers"), in words a person can act on. */
const CALLBACK_ERRORS: Record<string, string> = {
  access_denied: 'The sign-in was cancelled at the provider.',
  invalid_state: 'That sign-in took too long or was already used: start it again.',
  provider_unavailable: 'The provider cannot be reached right now: try again later.',
  invalid_response: 'The provider’s answer could not be trusted: try again.',
  account_exists: 'An account with this email exists: sign in and link it from your account.',
  email_required: 'The provider did not share a verified email address, which a new account needs.',
  account_inactive: 'That account is not active.',
  identity_in_use: 'That provider account already signs in to another account.',
  username_unavailable: 'No username could be made for the new account: register instead.',
};

export const describeCallbackError = (code: string) => CALLBACK_ERRORS[code] ?? 'The sign-in with the provider failed: try again.';

export function createProvidersSection(client: ApolloClient, act: Act, reauth: ReauthPrompt) {
  const signInButtons = element('provider-sign-in');
  const emailForm = element<HTMLFormElement>('email-sign-in-form');
  const linkedList = element('identity-list');
  const linkButtons = element('provider-link');
  let providers: IdentityProvidersQuery['identityProviders'] = [];
  let linked: IdentitiesQuery['identities'] = [];

  const nameOf = (id: string) => providers.find((provider) => provider.id === id)?.name ?? id;

  function button(label: string, onClick: () => void): HTMLButtonElement {
    const made = document.createElement('button');
    made.type = 'button';
    made.textContent = label;
    made.addEventListener('click', onClick);
    return made;
  }

  function renderLinkButtons(): void {
    const linkedIds = new Set(linked.map((identity) => identity.provider.id));
    linkButtons.replaceChildren(
      ...providers
        .filter((provider) => !linkedIds.has(provider.id))
        .map((provider) => button(`Link ${provider.name}`, () => void act(() => link(provider.id)))),
    );
  }

  async function startSignIn(provider: string): Promise<void> {
    const { data } = await client.mutate({
      mutation: StartIdentityProviderSignInDocument,
      variables: { provider, redirectUri: returnUri() },
    });
    location.assign(data!.startIdentityProviderSignIn);
  }

  async function link(provider: string): Promise<void> {
    const { data } = await reauth.guard(() =>
      client.mutate({ mutation: LinkIdentityProviderDocument, variables: { provider, redirectUri: returnUri() } }),
    );
    location.assign(data!.linkIdentityProvider);
  }

  async function unlink(id: string, reload: () => Promise<void>): Promise<void> {
    const name = linked.find((identity) => identity.id === id)?.provider.name ?? 'The provider';
    await reauth.guard(() => client.mutate({ mutation: UnlinkIdentityDocument, variables: { id } }));
    await reload();
    say(`${name} is unlinked: it no longer signs you in.`);
  }

  emailForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(async () => {
      const email = fieldsOf(emailForm).email.trim();
      await client.mutate({ mutation: RequestEmailSignInDocument, variables: { email } });
      emailForm.reset();
      say('If the address has an account, a link is on its way.');
    });
  });

  return {
    nameOf,
    /** The configured providers (public): the sign-in buttons now, the link buttons with the next list. */
    async loadProviders(): Promise<void> {
      const { data } = await client.query({ query: IdentityProvidersDocument, fetchPolicy: 'network-only' });
      providers = data!.identityProviders;
      signInButtons.replaceChildren(
        ...providers.map((provider) => button(`Sign in with ${provider.name}`, () => void act(() => startSignIn(provider.id)))),
      );
      signInButtons.hidden = providers.length === 0;
      renderLinkButtons();
    },
    render(identities: IdentitiesQuery['identities'], reload: () => Promise<void>): void {
      linked = identities;
      linkedList.replaceChildren(
        ...identities.map((identity) => {
          const item = document.createElement('li');
          item.dataset.id = identity.id;
          const email = identity.email ? ` (${identity.email})` : '';
          item.textContent = `${identity.provider.name}${email} · linked ${when(identity.linkedAt)} · last used ${when(identity.lastUsedAt)} `;
          item.append(button('Unlink', () => void act(() => unlink(identity.id, reload))));
          return item;
        }),
      );
      if (identities.length === 0) {
        const none = document.createElement('li');
        none.textContent = 'No linked accounts.';
        linkedList.append(none);
      }
      renderLinkButtons();
    },
    reset(): void {
      emailForm.reset();
      linked = [];
    },
  };
}
