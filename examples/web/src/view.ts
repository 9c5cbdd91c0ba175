import type { MeQuery, SessionsQuery } from './gql/graphql';

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

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

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
