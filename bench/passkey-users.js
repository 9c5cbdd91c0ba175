// Accounts with a passkey, for the bench's passkey sign-in load: each seeded user signs in and
// registers a passkey through the API, made by the software authenticator the tests use
// (bench/software-authenticator.js). The credentials are handed to the load generator as plain
// data (PKCS#8 PEM private keys), which signs each sign-in's challenge with them.
'use strict';

const { createPrivateKey, createPublicKey } = require('node:crypto');
const { gql, login, BENCH_PASSWORD } = require('./lib.js');
const { SoftwareAuthenticator } = require('./software-authenticator.js');

/** The relying party of the bench servers (production mode needs it set). */
const BENCH_WEBAUTHN_ORIGIN = 'http://localhost:3000';
const BENCH_WEBAUTHN_ENV = { WEBAUTHN_RP_ID: 'localhost', WEBAUTHN_RP_NAME: 'cloud-auth bench', WEBAUTHN_ORIGINS: BENCH_WEBAUTHN_ORIGIN };

const START = 'mutation { startPasskeyRegistration(name: "bench") { challengeId options } }';
const FINISH = 'mutation ($id: ID!, $response: JSONObject!) { finishPasskeyRegistration(challengeId: $id, response: $response) { id } }';

/** Registers a passkey for `${prefix}1` .. `${prefix}${count}`; returns the credentials as plain data. */
async function registerPasskeyUsers(url, { prefix, count }) {
  const authenticator = new SoftwareAuthenticator({ origin: BENCH_WEBAUTHN_ORIGIN, counter: 'zero' });
  for (let index = 1; index <= count; index += 1) {
    const { accessToken } = await login(url, `${prefix}${index}`, BENCH_PASSWORD);
    const { startPasskeyRegistration } = await gql(url, START, {}, accessToken);
    const response = authenticator.createCredential(startPasskeyRegistration.options);
    await gql(url, FINISH, { id: startPasskeyRegistration.challengeId, response }, accessToken);
  }
  return authenticator.credentials.map((credential) => ({
    ...credential,
    privateKey: credential.privateKey.export({ format: 'pem', type: 'pkcs8' }),
    publicKey: undefined,
  }));
}

/** The load generator's side: an authenticator holding the credentials registerPasskeyUsers made. */
function authenticatorWith(credentials) {
  const authenticator = new SoftwareAuthenticator({ origin: BENCH_WEBAUTHN_ORIGIN, counter: 'zero' });
  for (const credential of credentials) {
    const privateKey = createPrivateKey(credential.privateKey);
    authenticator.credentials.push({ ...credential, privateKey, publicKey: createPublicKey(privateKey) });
  }
  return authenticator;
}

module.exports = { BENCH_WEBAUTHN_ENV, registerPasskeyUsers, authenticatorWith };
