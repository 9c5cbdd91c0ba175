// Accounts with an authenticator app, for the bench's `login` + `completeMfaLogin` load: each
// seeded user signs in, starts an enrolment and confirms it through the API (so the secrets are
// sealed by the server itself), and the bench keeps each secret to compute codes with otpauth.
'use strict';

const { gql, login, BENCH_PASSWORD } = require('./lib.js');
const { totpCodeAtStep, currentStep } = require('./totp-codes.js');

const START = 'mutation { startTotpEnrollment(name: "bench") { secret factor { id } } }';
const CONFIRM = 'mutation ($id: ID!, $code: String!) { confirmTotpEnrollment(factorId: $id, code: $code) { codes } }';

/**
 * Turns on two-factor sign-in for `${prefix}1` .. `${prefix}${count}`; returns each one's
 * username, secret and the time step its confirmation spent (codes of later steps only work).
 */
async function enrollMfaUsers(url, { prefix, count }) {
  const users = [];
  for (let index = 1; index <= count; index += 1) {
    const username = `${prefix}${index}`;
    const { accessToken } = await login(url, username, BENCH_PASSWORD);
    const { startTotpEnrollment } = await gql(url, START, {}, accessToken);
    const step = await confirmWithPreviousStep(url, startTotpEnrollment, accessToken);
    users.push({ username, secret: startTotpEnrollment.secret, lastStep: step });
  }
  return users;
}

/**
 * Confirms the enrolment with the code of the previous step, so that the current and the next stay
 * free for the load; returns that step. When a step boundary passes between choosing the code and
 * the server checking it (likely enough over 160 accounts on a busy machine), the code is two steps
 * old and refused: then once more with the new previous step.
 */
async function confirmWithPreviousStep(url, { secret, factor }, accessToken) {
  const step = currentStep() - 1;
  try {
    await gql(url, CONFIRM, { id: factor.id, code: totpCodeAtStep(secret, step) }, accessToken);
    return step;
  } catch (error) {
    const retryStep = currentStep() - 1;
    if (retryStep === step) throw error;
    await gql(url, CONFIRM, { id: factor.id, code: totpCodeAtStep(secret, retryStep) }, accessToken);
    return retryStep;
  }
}

module.exports = { enrollMfaUsers };
