import type { ApolloClient } from '@apollo/client';
import { describeError, needsReauthentication } from './auth/errors';
import type { AuthSession } from './auth/session';
import { TOKENS_STAY_OUT_OF_THE_CACHE } from './client';
import { ReauthenticateDocument } from './operations';
import { Cancelled, markBusy } from './page';
import { element, fieldsOf } from './view';

/**
 * Sensitive changes (adding or removing an authenticator app, new recovery codes, a new
 * password) answer REAUTHENTICATION_REQUIRED when this session's last proof of identity is too
 * old, or weaker than the account needs now (password only, once two-factor is on). `guard`
 * then asks "Confirm it's you" (the password, and a code when two-factor is on), sends
 * `reauthenticate`, hands its fresh tokens to the session as login's are, and retries the change once.
 *
 * `reauthenticate` takes a password and a code, not a passkey: when the account's second step is
 * passkeys only (`secondStep() === 'passkey'`), the prompt says so (a recovery code, if the account
 * still has some, works; otherwise signing in again with the passkey gives the fresh proof).
 */
export function createReauthPrompt(client: ApolloClient, session: AuthSession, secondStep: () => 'none' | 'code' | 'passkey') {
  const dialog = element<HTMLDialogElement>('reauth-dialog');
  const form = element<HTMLFormElement>('reauth-form');
  const errorLine = element('reauth-error');
  const codeField = element('reauth-code-field');
  const codeInput = form.elements.namedItem('code') as HTMLInputElement;
  const passkeyHint = element('reauth-passkey-hint');
  let waiting: { resolve: () => void; reject: (error: unknown) => void } | null = null;

  function finish(outcome: { error: unknown } | null): void {
    const settle = waiting;
    waiting = null;
    form.reset();
    if (dialog.open) dialog.close();
    if (outcome) settle?.reject(outcome.error);
    else settle?.resolve();
  }

  /** Resolves once `reauthenticate` succeeded; rejects with Cancelled when the person closes the prompt. */
  function ask(): Promise<void> {
    finish({ error: new Cancelled() });
    const step = secondStep();
    const withCode = step !== 'none';
    passkeyHint.hidden = step !== 'passkey';
    codeField.hidden = !withCode;
    codeInput.disabled = !withCode;
    codeInput.required = withCode;
    errorLine.textContent = '';
    dialog.showModal();
    // Waiting for the person is not the page being busy.
    markBusy(false);
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { password, code } = fieldsOf(form);
    errorLine.textContent = '';
    markBusy(true);
    void (async () => {
      try {
        const { data } = await client.mutate({
          mutation: ReauthenticateDocument,
          variables: { input: { password, code: code?.trim() || undefined } },
          fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
        });
        // Fresh tokens, like login's: the server has set the new refresh cookie already.
        session.signedIn(data!.reauthenticate.accessToken);
        finish(null);
      } catch (error) {
        if (session.state.status !== 'signed-in') return finish({ error });
        errorLine.textContent = describeError(error);
        codeInput.value = '';
        markBusy(false);
      }
    })();
  });
  element('reauth-cancel').addEventListener('click', () => finish({ error: new Cancelled() }));
  // Escape closes a modal dialog by itself.
  dialog.addEventListener('close', () => finish({ error: new Cancelled() }));

  return {
    /** Runs `change`; when it answers REAUTHENTICATION_REQUIRED, asks, re-authenticates and runs it once more. */
    async guard<T>(change: () => Promise<T>): Promise<T> {
      try {
        return await change();
      } catch (error) {
        if (!needsReauthentication(error)) throw error;
      }
      await ask();
      return change();
    },
    /** Closes an open prompt (on sign-out): what it interrupted is dropped. */
    dismiss: () => finish({ error: new Cancelled() }),
  };
}

export type ReauthPrompt = ReturnType<typeof createReauthPrompt>;
