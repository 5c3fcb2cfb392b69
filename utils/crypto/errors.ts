/**
 * What can go wrong when the log is unlocked or a sealed capture is opened, as distinct error
 * classes so that the popup and dashboard can tell the person which one happened in plain words.
 */

/** The passphrase does not open this log. Nothing else is said (no hint about how close it was). */
export class WrongPassphrase extends Error {
  override readonly name = 'WrongPassphrase';
  constructor() {
    super('That passphrase does not open this log.');
  }
}

/**
 * The recovery key was typed with a mistake: a character that cannot be in a recovery key, a
 * wrong length, or a check character that does not match. Caught before any decryption is tried.
 */
export class MistypedRecoveryKey extends Error {
  override readonly name = 'MistypedRecoveryKey';
  constructor(readonly problem: string) {
    super(`The recovery key looks mistyped: ${problem}`);
  }
}

/** A well-formed recovery key, but not the one printed for this log. */
export class WrongRecoveryKey extends Error {
  override readonly name = 'WrongRecoveryKey';
  constructor() {
    super('That recovery key belongs to a different log, or to an older one that was replaced.');
  }
}

/**
 * A sealed item could not be opened: it was sealed to another key, was changed or damaged after
 * sealing, or the associated data given does not match the data it was sealed with.
 */
export class SealedItemUnreadable extends Error {
  override readonly name = 'SealedItemUnreadable';
  constructor(detail = 'it was sealed to another key, or changed or damaged after sealing') {
    super(`This sealed item cannot be opened: ${detail}.`);
  }
}

/** Stored data (a keyring, a sealed item) that is not in a format or version this code knows. */
export class UnsupportedFormat extends Error {
  override readonly name = 'UnsupportedFormat';
  constructor(what: string, detail: string) {
    super(`Unsupported ${what}: ${detail}`);
  }
}

/** A stored keyring whose parts do not agree (e.g. its key id does not match its public key). */
export class KeyringDamaged extends Error {
  override readonly name = 'KeyringDamaged';
  constructor(detail: string) {
    super(`The log's keyring is damaged: ${detail}`);
  }
}

/** The private key given does not belong to this log, or cannot be re-wrapped (not extractable). */
export class NotThisLogsKey extends Error {
  override readonly name = 'NotThisLogsKey';
  constructor(detail = 'it belongs to a different log') {
    super(`This key cannot be used here: ${detail}.`);
  }
}
