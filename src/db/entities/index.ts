import { OneTimeToken } from './OneTimeToken.js';
import { SecurityEvent } from './SecurityEvent.js';
import { Session } from './Session.js';
import { SigningKey } from './SigningKey.js';
import { User } from './User.js';
import { TotpFactor } from './TotpFactor.js';
import { RecoveryCode } from './RecoveryCode.js';
import { MfaChallenge } from './MfaChallenge.js';
import { Passkey } from './Passkey.js';
import { WebauthnChallenge } from './WebauthnChallenge.js';
import { LinkedIdentity } from './LinkedIdentity.js';
import { IdentityFlow } from './IdentityFlow.js';
import { IdentityCallbackCode } from './IdentityCallbackCode.js';

export { Role, User } from './User.js';
export { AuthMethod, Session } from './Session.js';
export { OneTimeToken, TokenPurpose } from './OneTimeToken.js';
export { SecurityEvent, SecurityEventType } from './SecurityEvent.js';
export { SigningKey, SigningKeyState } from './SigningKey.js';
export { TotpFactor } from './TotpFactor.js';
export { RecoveryCode } from './RecoveryCode.js';
export { MfaChallenge } from './MfaChallenge.js';
export { Passkey } from './Passkey.js';
export { WebauthnCeremony, WebauthnChallenge } from './WebauthnChallenge.js';

export { LinkedIdentity } from './LinkedIdentity.js';
export { IdentityFlow, IdentityFlowPurpose } from './IdentityFlow.js';
export { IdentityCallbackCode } from './IdentityCallbackCode.js';

export const entities = [
  User,
  Session,
  OneTimeToken,
  SecurityEvent,
  SigningKey,
  TotpFactor,
  RecoveryCode,
  MfaChallenge,
  Passkey,
  WebauthnChallenge,
  LinkedIdentity,
  IdentityFlow,
  IdentityCallbackCode,
];
