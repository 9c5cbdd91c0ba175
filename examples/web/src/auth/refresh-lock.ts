/**
 * Cross-tab mutual exclusion for refreshing. Every tab of an origin shares one cookie jar, so
 * they all present the same refresh token; two tabs refreshing at once would present it twice,
 * and the server treats the second as theft and revokes the session. Under the Web Locks API
 * the tabs take turns: each refresh then presents the token the previous one set.
 */
const LOCK_NAME = 'cloud-auth:refresh';

export async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  // Web Locks exist in every current browser, in secure contexts (https, and http://localhost).
  // Without them tabs cannot take turns; the worst case is the server ending the session, which
  // signs the user out: safe, not silent.
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  // The lock is held until the task's promise settles: the new cookie is stored before the next tab goes.
  return locks ? await locks.request(LOCK_NAME, task) : task();
}
