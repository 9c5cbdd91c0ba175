/**
 * Tells the other tabs of this origin that the user signed out. They share the refresh cookie,
 * so once it is gone (logout, a refused refresh, the session revoked) none of them is signed in.
 */
export interface TabChannel {
  announceSignedOut(): void;
  onSignedOut(listener: () => void): void;
}

const SIGNED_OUT = 'signed-out';

export function createTabChannel(name = 'cloud-auth'): TabChannel {
  if (typeof BroadcastChannel === 'undefined') return { announceSignedOut() {}, onSignedOut() {} };
  const channel = new BroadcastChannel(name);
  return {
    announceSignedOut: () => channel.postMessage({ type: SIGNED_OUT }),
    onSignedOut: (listener) =>
      channel.addEventListener('message', (event: MessageEvent) => {
        if (event.data?.type === SIGNED_OUT) listener();
      }),
  };
}
