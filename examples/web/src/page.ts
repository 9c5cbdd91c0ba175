import { describeError } from './auth/errors';
import { element } from './view';

/** What every part of the page shares: the notice and error lines, and the busy mark. */

const page = element('app');
const notice = element('notice');
const errorBox = element('error');

export function say(message: string | null, error: string | null = null): void {
  notice.textContent = message ?? '';
  errorBox.textContent = error ?? '';
}

/** aria-busy while the page works on what the last click started (not while it waits for the person). */
export function markBusy(busy: boolean): void {
  if (busy) page.setAttribute('aria-busy', 'true');
  else page.removeAttribute('aria-busy');
}

/** The person closed a prompt: what it interrupted is dropped without an error. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
  }
}

/**
 * Runs what a button does, with the page marked busy meanwhile, and shows its error, unless the
 * session ended on the way (the signed-out view says so; "Authentication required" would only
 * confuse) or the person cancelled.
 */
export function createAct(isSignedIn: () => boolean) {
  return async function act(work: () => Promise<void>): Promise<void> {
    say(null);
    const wasSignedIn = isSignedIn();
    markBusy(true);
    try {
      await work();
    } catch (error) {
      const sessionEnded = wasSignedIn && !isSignedIn();
      if (!sessionEnded && !(error instanceof Cancelled)) say(null, describeError(error));
    } finally {
      markBusy(false);
    }
  };
}

export type Act = ReturnType<typeof createAct>;
