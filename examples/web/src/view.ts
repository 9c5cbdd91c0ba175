import type { MeQuery, PasskeysQuery, SecurityActivityQuery, SessionsQuery, TotpFactorsQuery } from './gql/graphql';

/** Plain DOM rendering: the page is small, and the auth layer is the point of this example. */

export function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}

/** The form's text fields by name. */
export function fieldsOf(form: HTMLFormElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) fields[name] = String(value);
  return fields;
}

const SECTIONS = ['checking', 'signed-in', 'signed-out'] as const;

export function showOnly(section: (typeof SECTIONS)[number]): void {
  for (const id of SECTIONS) element(id).hidden = id !== section;
}

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

export function renderProfile(me: MeQuery['me']): void {
  const rows: Array<[string, string]> = [
    ['Username', me.username],
    ['Email', me.email],
    ['Role', me.role],
    ['Joined', when(me.dateJoined)],
    ['Last login', when(me.lastLogin)],
  ];
  element('me').replaceChildren(
    ...rows.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }),
  );
}

export function renderSessions(
  sessions: SessionsQuery['sessions'],
  onRevoke: (id: string, current: boolean) => void,
): void {
  element('sessions').replaceChildren(
    ...sessions.map((session) => {
      const item = document.createElement('li');
      const device = session.userAgent ?? 'unknown device';
      item.textContent = `${session.current ? 'This browser' : device} · since ${when(session.createdAt)} · last used ${when(session.lastUsedAt)} `;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = session.current ? 'Revoke this session' : 'Revoke';
      button.addEventListener('click', () => onRevoke(session.id, session.current));
      item.append(button);
      return item;
    }),
  );
}

/** What each security event means to the user, in words. */
const ACTIVITY: Record<string, string> = {
  ACCOUNT_CREATED: 'Account created',
  ACCOUNT_ACTIVATED: 'Account activated',
  SIGNED_IN: 'Signed in',
  SIGN_IN_FAILED: 'Failed sign-in attempt',
  ACCOUNT_LOCKED: 'Sign-ins locked after failed attempts',
  SIGNED_OUT: 'Signed out',
  SESSION_REVOKED: 'Session revoked',
  REFRESH_TOKEN_REUSED: 'A session was ended: its token was used twice',
  PASSWORD_CHANGED: 'Password changed',
  PASSWORD_RESET_REQUESTED: 'Password reset requested',
  PASSWORD_RESET: 'Password reset',
  EMAIL_CHANGED: 'Email address changed',
  USERNAME_CHANGED: 'Username changed',
  ACCOUNT_DEACTIVATED: 'Account deactivated by an administrator',
  ACCOUNT_REACTIVATED: 'Account reactivated by an administrator',
  ROLE_CHANGED: 'Role changed by an administrator',
  ACCOUNT_DELETED: 'Account deleted',
  MFA_ENABLED: 'Two-factor authentication turned on',
  MFA_DISABLED: 'Two-factor authentication turned off',
  RECOVERY_CODES_REGENERATED: 'New recovery codes made',
  RECOVERY_CODE_USED: 'A recovery code was used',
  PASSKEY_ADDED: 'Passkey added',
  PASSKEY_REMOVED: 'Passkey removed',
};

export function renderSecurityActivity(events: SecurityActivityQuery['securityEvents']): void {
  element('security-activity').replaceChildren(
    ...events.edges.map(({ node }) => {
      const item = document.createElement('li');
      item.dataset.type = node.type;
      const where = [node.ipAddress, node.userAgent].filter(Boolean).join(' · ');
      item.textContent = `${ACTIVITY[node.type] ?? node.type} · ${when(node.at)}${where ? ` · ${where}` : ''}`;
      return item;
    }),
  );
}

export function renderTotpFactors(factors: TotpFactorsQuery['totpFactors'], onRemove: (id: string) => void): void {
  if (factors.length === 0) {
    const none = document.createElement('li');
    none.textContent = 'None yet.';
    element('totp-factors').replaceChildren(none);
    return;
  }
  element('totp-factors').replaceChildren(
    ...factors.map((factor) => {
      const item = document.createElement('li');
      const state = factor.confirmed ? `last used ${when(factor.lastUsedAt)}` : 'waiting for its first code';
      item.textContent = `${factor.name} · added ${when(factor.createdAt)} · ${state} `;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Remove';
      button.addEventListener('click', () => onRemove(factor.id));
      item.append(button);
      return item;
    }),
  );
}

/** The recovery codes, one per item (shown once, until "I have saved them"). */
export function renderRecoveryCodes(codes: string[]): void {
  element('recovery-code-list').replaceChildren(
    ...codes.map((code) => {
      const item = document.createElement('li');
      const text = document.createElement('code');
      text.textContent = code;
      item.append(text);
      return item;
    }),
  );
}

/** The account's passkeys, each with Rename and Remove. */
export function renderPasskeys(
  passkeys: PasskeysQuery['passkeys'],
  onRename: (id: string, name: string) => void,
  onRemove: (id: string) => void,
): void {
  if (passkeys.length === 0) {
    const none = document.createElement('li');
    none.textContent = 'None yet.';
    element('passkey-list').replaceChildren(none);
    return;
  }
  element('passkey-list').replaceChildren(
    ...passkeys.map((passkey) => {
      const item = document.createElement('li');
      item.dataset.id = passkey.id;
      const kept = passkey.backedUp ? 'synced (backed up)' : 'on one device only';
      item.textContent = `${passkey.name} · added ${when(passkey.createdAt)} · last used ${when(passkey.lastUsedAt)} · ${kept} `;
      const buttons: Array<[string, () => void]> = [
        ['Rename', () => onRename(passkey.id, passkey.name)],
        ['Remove', () => onRemove(passkey.id)],
      ];
      for (const [label, onClick] of buttons) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = label;
        button.addEventListener('click', onClick);
        item.append(button);
      }
      return item;
    }),
  );
}
