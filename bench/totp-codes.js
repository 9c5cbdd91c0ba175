// TOTP codes for the bench (otpauth, the library the server uses too: RFC 6238, SHA-1, 6 digits,
// 30-second steps), at a given time step rather than now: the server accepts one code per step
// and account, so the load spreads its logins over accounts and over the steps either side of now.
'use strict';

const { Secret, TOTP } = require('otpauth');

const PERIOD_MS = 30_000;

const currentStep = (now = Date.now()) => Math.floor(now / PERIOD_MS);

function totpCodeAtStep(secret, step) {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: step * PERIOD_MS + 1,
  });
}

/**
 * The next step `user` may use now (later than its last one, within one step of now), or null
 * when it has used every step the server would take at the moment.
 */
function nextUsableStep(user, now = Date.now()) {
  const step = Math.max(user.lastStep + 1, currentStep(now) - 1);
  return step <= currentStep(now) + 1 ? step : null;
}

module.exports = { currentStep, totpCodeAtStep, nextUsableStep };
