import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { User } from '../db/entities/index.js';
import { FieldErrorCollector } from '../errors.js';
import { emailKey, emailProblems, usernameKey, usernameProblems } from '../core/identity.js';
import { passwordProblems, type PasswordOwner } from '../password/password-policy.js';

/**
 * The rules an account's identity and password follow wherever they are set: register,
 * updateMe, resetPassword, changePassword and createsuperuser all validate through here.
 */

export const USERNAME_TAKEN = 'A user with that username already exists.';
export const EMAIL_TAKEN = 'A user with that email address already exists.';
export const PASSWORDS_DIFFER = "The two password fields didn't match.";
export const WRONG_CURRENT_PASSWORD = 'The current password is not correct.';
/** The signed-in owner of an account without a password (passkey, identity provider) is told so. */
export const NO_CURRENT_PASSWORD = 'This account has no password yet; set one with a password reset.';

/** A username and/or email being set; an absent field is not being changed. */
export interface IdentityFields {
  username?: string;
  email?: string;
}

export function addIdentityProblems(errors: FieldErrorCollector, fields: IdentityFields): void {
  if (fields.username !== undefined) for (const problem of usernameProblems(fields.username)) errors.add('username', problem);
  if (fields.email !== undefined) for (const problem of emailProblems(fields.email)) errors.add('email', problem);
}

/** Adds "already exists" for each field that another user (not `exceptUserId`) holds. */
export async function addTakenIdentityErrors(
  em: EntityManager,
  fields: IdentityFields,
  errors: FieldErrorCollector,
  exceptUserId?: string,
): Promise<void> {
  const others = exceptUserId ? { id: { $ne: exceptUserId } } : {};
  if (
    fields.username !== undefined &&
    !errors.has('username') &&
    (await em.count(User, { usernameKey: usernameKey(fields.username), ...others }))
  ) {
    errors.add('username', USERNAME_TAKEN);
  }
  if (
    fields.email !== undefined &&
    !errors.has('email') &&
    (await em.count(User, { emailKey: emailKey(fields.email), ...others }))
  ) {
    errors.add('email', EMAIL_TAKEN);
  }
}

export interface NewPasswordFields {
  password: string;
  confirm: string;
  /** Input field names the errors are reported under. */
  passwordField?: string;
  confirmField?: string;
}

/** Django's validators plus the retype check, reported under the caller's field names. */
export function addNewPasswordProblems(errors: FieldErrorCollector, fields: NewPasswordFields, owner: PasswordOwner): void {
  const passwordField = fields.passwordField ?? 'password';
  const confirmField = fields.confirmField ?? 'passwordConfirm';
  for (const problem of passwordProblems(fields.password, owner)) errors.add(passwordField, problem);
  if (fields.confirm !== fields.password) errors.add(confirmField, PASSWORDS_DIFFER);
}

/** The same, for inputs that name them newPassword / newPasswordConfirm (reset and change). */
export function addNewPasswordInputProblems(
  errors: FieldErrorCollector,
  input: { newPassword: string; newPasswordConfirm: string },
  owner: PasswordOwner,
): void {
  addNewPasswordProblems(
    errors,
    {
      password: input.newPassword,
      confirm: input.newPasswordConfirm,
      passwordField: 'newPassword',
      confirmField: 'newPasswordConfirm',
    },
    owner,
  );
}

/**
 * Flushes a new or changed identity. When a concurrent request took the same username or email
 * after our check, the unique index refuses the write: that becomes the field error, never
 * the database's message (which would carry the whole statement, password hash included).
 */
export async function flushIdentity(em: EntityManager, fields: IdentityFields, exceptUserId?: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    em.clear();
    const afterRace = new FieldErrorCollector();
    await addTakenIdentityErrors(em.fork(), fields, afterRace, exceptUserId);
    if (afterRace.isEmpty) {
      if (fields.username !== undefined) afterRace.add('username', USERNAME_TAKEN);
      else afterRace.add('email', EMAIL_TAKEN);
    }
    afterRace.throwIfAny();
  }
}
