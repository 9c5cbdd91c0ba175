import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

/**
 * Loads MikroORM with its async-context stores replaced by ones that hold nothing.
 *
 * Why: on Node 20 the first `AsyncLocalStorage#run` anywhere in the process turns on V8's promise
 * hooks for good, and from then on every promise of every request pays for them (init, before,
 * after, resolve, context propagation). MikroORM runs three such stores: `TransactionContext`
 * (every `em.transactional`), `RequestContext` (its per-request global context) and the
 * module-private `insideFlush` of the unit of work (every flush). Measured on the bench's `me`
 * (2 cores, same sitting, alternating rounds): 0.184 -> 0.149 ms of server CPU per request
 * (-19%), 5,550-5,780 -> 6,910-7,140 req/s. Node 24 keeps async context without promise hooks,
 * where this changes nothing measurable; the semantics below are the same on both.
 *
 * Why nothing is lost: every EntityManager the server uses is an explicit fork
 * (`allowGlobalContext: false`; forks have `useContext: false`, so MikroORM never looks up the
 * transaction or request context for them: `em.getContext()` returns the fork itself, and the
 * transaction in progress travels on the fork, not in the async context). `insideFlush` only
 * stops a flush hook from auto-flushing or committing again; the entities have no flush hooks
 * or subscribers. `RawQueryFragment`'s store serves `findAndCount` alone, which nothing calls.
 * tests/orm-async-stores.test.ts checks that promise hooks stay off through real requests.
 *
 * Must run before anything else loads `@mikro-orm/core` (main.ts imports it first; the tests'
 * setup file does too). MikroORM's CommonJS build reads `AsyncLocalStorage` off the
 * `node:async_hooks` exports object while its modules load; the class is put back right after,
 * so no other library's stores are affected (ES-module importers never saw the swap).
 */
class ContextFreeStore<T> extends AsyncLocalStorage<T> {
  override run<R, A extends unknown[]>(_store: T, callback: (...args: A) => R, ...args: A): R {
    return callback(...args);
  }

  override getStore(): T | undefined {
    return undefined;
  }

  override enterWith(): void {}

  override exit<R, A extends unknown[]>(callback: (...args: A) => R, ...args: A): R {
    return callback(...args);
  }

  override disable(): void {}
}

const load = createRequire(__filename);
const asyncHooks = load('node:async_hooks') as object;

/** True when MikroORM's stores are the context-free ones (false: it was loaded before this module). */
export const ormStoresAreContextFree: boolean = (() => {
  const coreEntry = load.resolve('@mikro-orm/core');
  if (load.cache[coreEntry]) return false;
  // A data property on Node 20, a lazy getter on Node 24: configurable on both, so the swap
  // defines a value and then puts the original descriptor back exactly.
  const original = Object.getOwnPropertyDescriptor(asyncHooks, 'AsyncLocalStorage');
  if (!original?.configurable) return false;
  Object.defineProperty(asyncHooks, 'AsyncLocalStorage', {
    value: ContextFreeStore,
    writable: true,
    enumerable: original.enumerable,
    configurable: true,
  });
  try {
    const core = load('@mikro-orm/core') as { TransactionContext: { storage: unknown } };
    return core.TransactionContext.storage instanceof ContextFreeStore;
  } finally {
    Object.defineProperty(asyncHooks, 'AsyncLocalStorage', original);
  }
})();
