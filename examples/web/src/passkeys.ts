import type { ApolloClient } from '@apollo/client';
import type { PasskeysQuery } from './gql/graphql';
import {
  FinishPasskeyRegistrationDocument,
  RemovePasskeyDocument,
  RenamePasskeyDocument,
  StartPasskeyRegistrationDocument,
} from './operations';
import { createPasskey } from './passkey-ceremony';
import { say, type Act } from './page';
import type { ReauthPrompt } from './reauth-prompt';
import { element, fieldsOf, renderPasskeys } from './view';

/**
 * The "Passkeys" section: adding one (startPasskeyRegistration's options to the browser, its
 * answer to finishPasskeyRegistration), the list with Rename and Remove. Adding and removing need
 * a recent proof of identity: they go through `reauth.guard` ("Confirm it's you", then retried).
 */
export function createPasskeysSection(client: ApolloClient, act: Act, reauth: ReauthPrompt, reload: () => Promise<void>) {
  const addForm = element<HTMLFormElement>('passkey-add-form');
  const renameForm = element<HTMLFormElement>('passkey-rename-form');
  const renameInput = renameForm.elements.namedItem('name') as HTMLInputElement;
  let renaming: string | null = null;
  let count = 0;

  function closeRename(): void {
    renaming = null;
    renameForm.reset();
    renameForm.hidden = true;
  }

  function openRename(id: string, name: string): void {
    say(null);
    renaming = id;
    renameInput.value = name;
    renameForm.hidden = false;
    renameInput.focus();
    renameInput.select();
  }

  async function remove(id: string): Promise<void> {
    await reauth.guard(() => client.mutate({ mutation: RemovePasskeyDocument, variables: { id } }));
    if (renaming === id) closeRename();
    await reload();
    say(count > 0 ? 'Passkey removed.' : 'Passkey removed: it no longer signs you in.');
  }

  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(async () => {
      // Empty: the server names it "Passkey".
      const name = fieldsOf(addForm).name.trim() || undefined;
      const { data } = await reauth.guard(() => client.mutate({ mutation: StartPasskeyRegistrationDocument, variables: { name } }));
      const { challengeId, options } = data!.startPasskeyRegistration;
      const response = await createPasskey(options);
      const added = await reauth.guard(() =>
        client.mutate({ mutation: FinishPasskeyRegistrationDocument, variables: { challengeId, response } }),
      );
      addForm.reset();
      await reload();
      say(`Passkey "${added.data!.finishPasskeyRegistration.name}" added: you can sign in with it.`);
    });
  });

  renameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(async () => {
      const id = renaming;
      if (!id) return closeRename();
      const { data } = await client.mutate({ mutation: RenamePasskeyDocument, variables: { id, name: renameInput.value.trim() } });
      closeRename();
      await reload();
      say(`Passkey renamed to "${data!.renamePasskey.name}".`);
    });
  });

  element('passkey-rename-cancel').addEventListener('click', () => {
    closeRename();
    say(null);
  });

  return {
    /** How many passkeys the account has (as last loaded). */
    get count() {
      return count;
    },
    render(passkeys: PasskeysQuery['passkeys']): void {
      count = passkeys.length;
      if (renaming && !passkeys.some((passkey) => passkey.id === renaming)) closeRename();
      renderPasskeys(
        passkeys,
        (id, name) => openRename(id, name),
        (id) => void act(() => remove(id)),
      );
    },
    reset(): void {
      closeRename();
      addForm.reset();
      count = 0;
    },
  };
}
