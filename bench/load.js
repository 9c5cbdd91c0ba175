// The load generator: a child process of bench/run.js (forked with IPC) that drives the
// servers with autocannon, so that generating load never shares a thread with the servers
// or with the bench's own bookkeeping. It receives {jobs} and answers {results}; the jobs of
// one message run at the same time (e.g. `me` under a flood of logins).
'use strict';

const autocannon = require('autocannon');
const { nextUsableStep, totpCodeAtStep } = require('./totp-codes.js');
const { authenticatorWith } = require('./passkey-users.js');

const HELLO = JSON.stringify({ query: '{ hello }' });
const ME = JSON.stringify({ query: '{ me { id username email role isActive dateJoined lastLogin } }' });
const LOGIN_QUERY = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }';
const REFRESH_QUERY = 'mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }';
const START_PASSKEY_QUERY = 'mutation { startPasskeySignIn { challengeId options } }';
const FINISH_PASSKEY_QUERY =
  'mutation ($id: ID!, $response: JSONObject!) { finishPasskeySignIn(challengeId: $id, response: $response) { accessToken refreshToken } }';
const COMPLETE_MFA_QUERY =
  'mutation ($input: CompleteMfaLoginInput!) { completeMfaLogin(input: $input) { accessToken refreshToken } }';

/** Per-connection request definitions for each kind of job; `state` counts GraphQL errors. */
function requestsFor(job, state) {
  const countErrors = (status, body) => {
    if (status !== 200 || body.includes('"errors"')) state.graphqlErrors += 1;
  };
  switch (job.kind) {
    case 'hello':
      return () => [{ body: HELLO, onResponse: countErrors }];
    case 'me':
    case 'query': {
      // `query`: any fixed operation (job.query), with tokens when given; used to take a request apart.
      const body = job.kind === 'me' ? ME : JSON.stringify({ query: job.query });
      if (job.tokenPerRequest) return tokenPerRequest(job, body, state, countErrors);
      let next = 0;
      return () => {
        const token = job.accessTokens?.length ? job.accessTokens[next++ % job.accessTokens.length] : null;
        const headers = token ? { authorization: `Bearer ${token}` } : {};
        return [{ body, headers, onResponse: countErrors }];
      };
    }
    case 'login':
      // Every request signs in a random one of the seeded users (each login is a real argon2 verify).
      return () => [
        {
          setupRequest: (request) => {
            const index = Math.floor(Math.random() * job.userCount);
            const input = { username: `${job.userPrefix}${index}`, password: job.password };
            return { ...request, body: JSON.stringify({ query: LOGIN_QUERY, variables: { input } }) };
          },
          onResponse: countErrors,
        },
      ];
    case 'refresh': {
      // Each connection follows its own session's chain: every response's new refresh token is
      // the next request's. A broken chain (a timeout, an error) takes a spare session.
      const spare = [...job.refreshTokens];
      return () => {
        const slot = { token: spare.shift() };
        return [
          {
            setupRequest: (request) => {
              if (!slot.token) return null;
              return { ...request, body: JSON.stringify({ query: REFRESH_QUERY, variables: { t: slot.token } }) };
            },
            onResponse: (status, body) => {
              const match = status === 200 ? /"refreshToken":"([^"]+)"/.exec(body) : null;
              if (match) {
                slot.token = match[1];
              } else {
                state.graphqlErrors += 1;
                slot.token = spare.shift() ?? slot.token;
              }
            },
          },
        ];
      };
    }
    case 'mfa-login': {
      // A login with a second factor is two requests on one connection: login (a real argon2
      // verify, answered MFA_REQUIRED with an mfaToken), then completeMfaLogin with a TOTP code.
      // Each connection signs in its own accounts in turn, each at a time step it has not used
      // (the server takes one code per step and account). No usable account: the connection rests.
      let nextConnection = 0;
      return () => {
        const connection = nextConnection++;
        const users = job.mfaUsers.filter((_user, index) => index % job.connections === connection % job.connections);
        let turn = 0;
        const attempt = { user: null, step: null, mfaToken: null };
        const pick = () => {
          for (let tried = 0; tried < users.length; tried += 1) {
            const user = users[turn++ % users.length];
            const step = nextUsableStep(user);
            if (step !== null) return { user, step };
          }
          return null;
        };
        return [
          {
            setupRequest: (request) => {
              // Every account spent (run.js enrols enough that this does not happen): a login whose
              // code will be refused, counted as an error, rather than stopping the connection.
              const picked = pick() ?? { user: users[turn++ % users.length], step: Number.MAX_SAFE_INTEGER };
              Object.assign(attempt, picked, { mfaToken: null });
              if (picked.step !== Number.MAX_SAFE_INTEGER) picked.user.lastStep = picked.step;
              const input = { username: picked.user.username, password: job.password };
              return { ...request, body: JSON.stringify({ query: LOGIN_QUERY, variables: { input } }) };
            },
            onResponse: (status, body) => {
              const match = status === 200 ? /"mfaToken":"([^"]+)"/.exec(body) : null;
              if (match) attempt.mfaToken = match[1];
              else state.graphqlErrors += 1;
            },
          },
          {
            setupRequest: (request) => {
              if (!attempt.user) return null;
              const input = { mfaToken: attempt.mfaToken ?? 'missing', code: totpCodeAtStep(attempt.user.secret, attempt.step) };
              return { ...request, body: JSON.stringify({ query: COMPLETE_MFA_QUERY, variables: { input } }) };
            },
            onResponse: (status, body) => {
              if (status !== 200 || !body.includes('"accessToken"')) state.graphqlErrors += 1;
              else state.completed = (state.completed ?? 0) + 1;
            },
          },
        ];
      };
    }
    case 'passkey-signin': {
      // A passkey sign-in is two requests: startPasskeySignIn without a username (a discoverable
      // credential, the browser's account picker), then finishPasskeySignIn with the challenge
      // signed here (ES256) by one of the registered credentials, in turn; the server verifies that
      // signature on every sign-in.
      const authenticator = authenticatorWith(job.credentials);
      let turn = 0;
      return () => {
        const attempt = { challengeId: null, options: null };
        return [
          {
            body: JSON.stringify({ query: START_PASSKEY_QUERY }),
            onResponse: (status, body) => {
              const started = status === 200 ? JSON.parse(body).data?.startPasskeySignIn : null;
              attempt.challengeId = started?.challengeId ?? null;
              attempt.options = started?.options ?? null;
              if (!started) state.graphqlErrors += 1;
            },
          },
          {
            setupRequest: (request) => {
              if (!attempt.options) return null;
              const credential = authenticator.credentials[turn++ % authenticator.credentials.length];
              const response = authenticator.getAssertion(attempt.options, { credentialId: credential.id });
              const variables = { id: attempt.challengeId, response };
              return { ...request, body: JSON.stringify({ query: FINISH_PASSKEY_QUERY, variables }) };
            },
            onResponse: (status, body) => {
              if (status !== 200 || !body.includes('"accessToken"')) state.graphqlErrors += 1;
              else state.completed = (state.completed ?? 0) + 1;
            },
          },
        ];
      };
    }
    case 'cookie-get': {
      // A plain GET with a session cookie (the peer's get-session): connection i keeps
      // job.sessions[i].cookie; an answer counts only when it is a 200 naming that session's user
      // (`expect`, e.g. the email), so that a signed-out answer (200 with `null`) is an error.
      let nextConnection = 0;
      return () => {
        const { cookie, expect } = job.sessions[nextConnection++ % job.sessions.length];
        return [
          {
            headers: { cookie },
            onResponse: (status, body) => {
              if (status !== 200 || !body.includes(expect)) state.graphqlErrors += 1;
            },
          },
        ];
      };
    }
    default:
      throw new Error(`unknown job kind ${job.kind}`);
  }
}

/**
 * The method, headers and placeholder request every connection starts from: the GraphQL kinds
 * POST JSON; `cookie-get` is a bare GET (no body, no content-type, as a browser sends it).
 */
function httpDefaultsFor(job) {
  if (job.kind === 'cookie-get') return { method: 'GET', headers: {}, requests: [{}] };
  return { method: 'POST', headers: { 'content-type': 'application/json' }, requests: [{ body: HELLO }] };
}

/**
 * Every request with the next of job.accessTokens, in one cycle shared by all connections and
 * starting at job.tokenOffset (where an earlier load of the same list stopped: state.tokensUsed).
 * With more tokens than a cache holds, a least-recently-used cache never hits: between two uses
 * of a token come all the others. (Without the flag each connection keeps one token.)
 */
function tokenPerRequest(job, body, state, countErrors) {
  const tokens = job.accessTokens;
  state.tokensUsed = job.tokenOffset ?? 0;
  return () => [
    {
      setupRequest: (request) => {
        const token = tokens[state.tokensUsed++ % tokens.length];
        return { ...request, body, headers: { ...request.headers, authorization: `Bearer ${token}` } };
      },
      onResponse: countErrors,
    },
  ];
}

/**
 * Percentile of sorted latencies in ms, to 0.01 ms. autocannon's own histogram rounds every
 * latency to a whole millisecond, which at a 2 ms median makes a p50 ratio jump by 50% between
 * two identical runs; the response event carries the exact duration.
 */
function percentile(sorted, fraction) {
  if (sorted.length === 0) return NaN;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
  return Math.round(value * 100) / 100;
}

function runJob(job) {
  const state = { graphqlErrors: 0 };
  const perConnection = requestsFor(job, state);
  const latencies = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        ...httpDefaultsFor(job),
        connections: job.connections,
        duration: job.seconds,
        timeout: 30,
        // Each connection gets its own request list (own token, own refresh chain).
        setupClient: (client) => client.setRequests(perConnection()),
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = result.duration || job.seconds;
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          name: job.name,
          requests: result.requests.total,
          rps: result.requests.total / seconds,
          p50: percentile(sorted, 0.5),
          p99: percentile(sorted, 0.99),
          errors: state.graphqlErrors + result.errors + result.timeouts,
          // Two-request jobs (mfa-login): whole sign-ins finished.
          ...(state.tokensUsed !== undefined ? { tokensUsed: state.tokensUsed } : {}),
          ...(state.completed !== undefined ? { completed: state.completed, completedPerSecond: state.completed / seconds } : {}),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

process.on('message', async (message) => {
  try {
    const results = await Promise.all(message.jobs.map(runJob));
    process.send({ results });
  } catch (error) {
    process.send({ error: String(error && error.stack ? error.stack : error) });
  }
});
