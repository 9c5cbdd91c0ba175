import type { ApolloClient } from '@apollo/client';
import QRCode from 'qrcode';
import type { TotpFactorsQuery } from './gql/graphql';
import {
  ConfirmTotpEnrollmentDocument,
  RegenerateRecoveryCodesDocument,
  RemoveTotpFactorDocument,
  StartTotpEnrollmentDocument,
} from './operations';
import { say, type Act } from './page';
import type { ReauthPrompt } from './reauth-prompt';
import { element, fieldsOf, renderRecoveryCodes, renderTotpFactors } from './view';

/** Secrets (the app's key, recovery codes) are shown once: never written to Apollo's cache. */
const SECRETS_STAY_OUT_OF_THE_CACHE = 'no-cache';

/** The base32 key in groups of four, easier to type (authenticator apps ignore the spaces). */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * The "Two-factor authentication" section: its status, adding an authenticator app (QR code and
 * key, then a code from the app to confirm), the recovery codes shown once, the list of apps
 * with Remove, and new recovery codes. Every change goes through `reauth.guard`.
 */
export function createTwoFactorSection(client: ApolloClient, act: Act, reauth: ReauthPrompt, reload: () => Promise<void>) {
  const status = element('mfa-status');
  const startButton = element<HTMLButtonElement>('mfa-start');
  const enrollForm = element<HTMLFormElement>('mfa-enroll-form');
  const qrImage = element<HTMLImageElement>('mfa-qr');
  const secretText = element('mfa-secret');
  const appLink = element<HTMLAnchorElement>('mfa-otpauth-link');
  const codesPanel = element('recovery-codes');
  const regenerateButton = element<HTMLButtonElement>('regenerate-recovery-codes');
  let enabled = false;
  let apps = 0;
  let enrollingFactorId: string | null = null;
  let shownCodes: string[] = [];

  function closeEnrollment(): void {
    enrollingFactorId = null;
    enrollForm.hidden = true;
    enrollForm.reset();
    qrImage.removeAttribute('src');
    secretText.textContent = '';
    appLink.removeAttribute('href');
  }

  function showCodes(codes: string[]): void {
    shownCodes = codes;
    renderRecoveryCodes(codes);
    codesPanel.hidden = false;
  }

  function hideCodes(): void {
    shownCodes = [];
    renderRecoveryCodes([]);
    codesPanel.hidden = true;
  }

  async function remove(id: string): Promise<void> {
    await reauth.guard(() => client.mutate({ mutation: RemoveTotpFactorDocument, variables: { id } }));
    if (id === enrollingFactorId) closeEnrollment();
    await reload();
    if (!enabled) hideCodes();
    say(enabled ? 'Authenticator app removed.' : 'Authenticator app removed: two-factor authentication is off.');
  }

  startButton.addEventListener('click', () =>
    act(async () => {
      const { data } = await reauth.guard(() =>
        client.mutate({ mutation: StartTotpEnrollmentDocument, fetchPolicy: SECRETS_STAY_OUT_OF_THE_CACHE }),
      );
      const enrollment = data!.startTotpEnrollment;
      enrollingFactorId = enrollment.factor.id;
      qrImage.src = await QRCode.toDataURL(enrollment.otpauthUri, { margin: 4, scale: 6 });
      await qrImage.decode();
      secretText.textContent = grouped(enrollment.secret);
      appLink.href = enrollment.otpauthUri;
      enrollForm.hidden = false;
      (enrollForm.elements.namedItem('code') as HTMLInputElement).focus();
      await reload();
    }),
  );

  enrollForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(async () => {
      const factorId = enrollingFactorId;
      if (!factorId) return;
      const code = fieldsOf(enrollForm).code.replace(/\s/g, '');
      const { data } = await reauth.guard(() =>
        client.mutate({
          mutation: ConfirmTotpEnrollmentDocument,
          variables: { factorId, code },
          fetchPolicy: SECRETS_STAY_OUT_OF_THE_CACHE,
        }),
      );
      closeEnrollment();
      const codes = data?.confirmTotpEnrollment?.codes;
      if (codes) showCodes(codes);
      await reload();
      say(codes ? 'Two-factor authentication is on. Save your recovery codes now: they are shown only once.' : 'Authenticator app added.');
    });
  });

  element('mfa-enroll-cancel').addEventListener('click', () => {
    // The app waits unconfirmed (listed, with Remove) until the server drops it.
    closeEnrollment();
    say(null);
  });

  element('copy-recovery-codes').addEventListener('click', () =>
    act(async () => {
      try {
        await navigator.clipboard.writeText(shownCodes.join('\n'));
      } catch {
        return say(null, 'Could not copy: select the codes and copy them by hand.');
      }
      say('Recovery codes copied: keep them somewhere safe, away from this device.');
    }),
  );

  element('recovery-codes-saved').addEventListener('click', () => {
    hideCodes();
    say(null);
  });

  regenerateButton.addEventListener('click', () =>
    act(async () => {
      const { data } = await reauth.guard(() =>
        client.mutate({ mutation: RegenerateRecoveryCodesDocument, fetchPolicy: SECRETS_STAY_OUT_OF_THE_CACHE }),
      );
      showCodes(data!.regenerateRecoveryCodes.codes);
      await reload();
      say('New recovery codes: the old ones no longer work. Save these now: they are shown only once.');
    }),
  );

  return {
    get enabled() {
      return enabled;
    },
    /** Confirmed authenticator apps (as last loaded): without one, a code can only be a recovery code. */
    get apps() {
      return apps;
    },
    /** `passkeys`: how many the account has (a passkey is a second step too). */
    render(mfaEnabled: boolean, factors: TotpFactorsQuery['totpFactors'], passkeys = 0): void {
      enabled = mfaEnabled;
      apps = factors.filter((factor) => factor.confirmed).length;
      status.dataset.enabled = String(mfaEnabled);
      const secondStep = [apps > 0 ? 'a code from your authenticator app' : null, passkeys > 0 ? 'a passkey' : null].filter(Boolean).join(' or ');
      status.textContent = mfaEnabled
        ? `Two-factor authentication is on: signing in with your password needs ${secondStep || 'a second step'} too.`
        : 'Two-factor authentication is off: signing in needs only your password.';
      startButton.textContent = !mfaEnabled ? 'Turn on two-factor authentication' : apps > 0 ? 'Add another authenticator app' : 'Add an authenticator app';
      regenerateButton.hidden = !mfaEnabled;
      renderTotpFactors(factors, (id) => void act(() => remove(id)));
    },
    /** On sign-out: nothing secret stays on the page. */
    reset(): void {
      closeEnrollment();
      hideCodes();
      enabled = false;
      apps = 0;
    },
  };
}
