'use strict';
/**
 * A WebAuthn authenticator in software, as a browser and a platform authenticator together would
 * answer navigator.credentials.create / .get: ES256 key pairs from node:crypto, attestation
 * "none", authenticator data (RP id hash, flags, signature counter, attested credential data with
 * the COSE key) and client data built per WebAuthn Level 3, CBOR by @simplewebauthn/server's
 * isoCBOR. It produces the JSON forms (RegistrationResponseJSON, AuthenticationResponseJSON) that
 * @simplewebauthn/browser hands to a server, and can be told to misbehave: another origin or RP
 * id, no user verification or presence, a given counter, another credential, another ceremony's
 * type, another challenge.
 *
 * Plain CommonJS with no test-framework dependency, so that the bench's load generator signs
 * with it too; its types are in software-authenticator.d.ts (tests/helpers re-exports it).
 */

const { createHash, generateKeyPairSync, randomBytes, sign } = require('node:crypto');
const { isoCBOR } = require('@simplewebauthn/server/helpers');

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

class SoftwareAuthenticator {
  constructor(settings) {
    this.settings = settings;
    this.credentials = [];
  }

  /** navigator.credentials.create: a new discoverable ES256 credential for the options' RP and user. */
  createCredential(options, knobs = {}) {
    const rpId = knobs.rpId ?? this.settings.rpId ?? options.rp.id ?? new URL(this.settings.origin).hostname;
    if (!options.pubKeyCredParams.some((param) => param.alg === -7)) throw new Error('NotSupportedError: ES256 is not among pubKeyCredParams');
    const excluded = new Set((options.excludeCredentials ?? []).map((credential) => credential.id));
    if (this.credentials.some((credential) => excluded.has(credential.id))) {
      throw new Error('InvalidStateError: this authenticator already holds a credential of excludeCredentials');
    }
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = randomBytes(16);
    const credential = {
      id: id.toString('base64url'),
      rpId,
      userHandle: options.user.id,
      privateKey,
      publicKey,
      signCount: 0,
    };
    const signCount = this.nextCount(credential);
    const attested = Buffer.concat([Buffer.alloc(16) /* AAGUID: none */, uint16(id.length), id, Buffer.from(coseKey(publicKey))]);
    const authData = authenticatorData(rpId, this.flags(knobs) | FLAG_AT, signCount, attested);
    const attestationObject = isoCBOR.encode(
      new Map([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    const clientData = this.clientData(knobs.type ?? 'webauthn.create', knobs.challenge ?? options.challenge, knobs);
    this.credentials.push(credential);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON: clientData.toString('base64url'),
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        transports: ['hybrid', 'internal'],
        publicKeyAlgorithm: -7,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /**
   * navigator.credentials.get: signs the options' challenge with a credential the options allow
   * (the newest one for the RP when allowCredentials is empty: a discoverable sign-in).
   */
  getAssertion(options, knobs = {}) {
    const credential = this.pick(options, knobs.credentialId);
    const rpId = knobs.rpId ?? this.settings.rpId ?? options.rpId ?? credential.rpId;
    const signCount = knobs.counter ?? this.nextCount(credential);
    const authData = authenticatorData(rpId, this.flags(knobs), signCount);
    const clientData = this.clientData(knobs.type ?? 'webauthn.get', knobs.challenge ?? options.challenge, knobs);
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientData).digest()]), credential.privateKey);
    const userHandle = knobs.userHandle === undefined ? credential.userHandle : knobs.userHandle;
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON: clientData.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        ...(userHandle === null ? {} : { userHandle }),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Another authenticator holding copies of these keys and counters: what a cloned device is. */
  clone() {
    const copy = new SoftwareAuthenticator(this.settings);
    copy.credentials.push(...this.credentials.map((credential) => ({ ...credential })));
    return copy;
  }

  pick(options, credentialId) {
    if (credentialId !== undefined) {
      const forced = this.credentials.find((credential) => credential.id === credentialId);
      if (!forced) throw new Error(`this authenticator holds no credential ${credentialId}`);
      return forced;
    }
    const allowed = new Set((options.allowCredentials ?? []).map((credential) => credential.id));
    const candidates = this.credentials.filter(
      (credential) => (allowed.size === 0 ? credential.rpId === (options.rpId ?? credential.rpId) : allowed.has(credential.id)),
    );
    const chosen = candidates.at(-1);
    if (!chosen) throw new Error('NotAllowedError: no credential of this authenticator is allowed');
    return chosen;
  }

  nextCount(credential) {
    if (this.settings.counter === 'zero') return 0;
    credential.signCount += 1;
    return credential.signCount;
  }

  flags(knobs) {
    const synced = this.settings.synced ?? true;
    return (
      (knobs.userPresent === false ? 0 : FLAG_UP) | (knobs.userVerified === false ? 0 : FLAG_UV) | (synced ? FLAG_BE | FLAG_BS : 0)
    );
  }

  clientData(type, challenge, knobs) {
    return Buffer.from(JSON.stringify({ type, challenge, origin: knobs.origin ?? this.settings.origin, crossOrigin: false }), 'utf8');
  }
}

function uint16(value) {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value);
  return buffer;
}

function authenticatorData(rpId, flags, signCount, attested) {
  const count = Buffer.alloc(4);
  count.writeUInt32BE(signCount >>> 0);
  return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
}

/** The COSE_Key of an EC2 P-256 public key for ES256 (RFC 9053): kty 2, alg -7, crv 1, x, y. */
function coseKey(publicKey) {
  const jwk = publicKey.export({ format: 'jwk' });
  return isoCBOR.encode(
    new Map([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(jwk.x, 'base64url'))],
      [-3, new Uint8Array(Buffer.from(jwk.y, 'base64url'))],
    ]),
  );
}

module.exports = { SoftwareAuthenticator };
