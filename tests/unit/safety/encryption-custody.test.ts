import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HoldfastDb } from '@/utils/db/database';
import { verifyChain } from '@/utils/integrity/custody';
import { recordPendingEdits } from '@/utils/integrity/custody-log';
import { saveNote } from '@/utils/notes/notes';
import { changeLogPassphrase, lockLog, turnOnEncryption, unlockLog } from '@/utils/safety/encryption';
import { storeCapture } from '../support/log-fixtures';

const T0 = Date.UTC(2026, 10, 30, 12);
const PASSPHRASE = 'violet harbour seven kettles';
const options = { now: T0, idleLockMs: 15 * 60_000 };
let db: HoldfastDb;

beforeEach(() => {
  fakeBrowser.reset();
  db = new HoldfastDb(`encryption-custody-${crypto.randomUUID()}`);
});

describe('locking, unlocking and encryption settings in the chain of custody', () => {
  it('records turning encryption on, a passphrase change, a lock and an unlock, with no secret in any event', async () => {
    const session = fakeBrowser.storage.session;
    const { recoveryKey } = await turnOnEncryption(db, session, PASSPHRASE, options);
    await changeLogPassphrase(db, session, { kind: 'passphrase', passphrase: PASSPHRASE }, 'a brand new long passphrase', options);
    await lockLog(session, db);
    await unlockLog(db, session, { kind: 'passphrase', passphrase: 'a brand new long passphrase' }, options);
    const events = await db.custody.toArray();
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['settings-changed', { setting: 'encryption', oldValue: 'off', newValue: 'on' }],
      ['settings-changed', { setting: 'passphrase', oldValue: null, newValue: 'changed' }],
      ['log-locked', { how: 'manual' }],
      ['log-unlocked', {}],
    ]);
    const text = JSON.stringify(events);
    for (const secret of [PASSPHRASE, 'a brand new long passphrase', recoveryKey, recoveryKey.replace(/-/g, '')]) expect(text).not.toContain(secret);
    expect((await verifyChain(events)).ok).toBe(true);
  });

  it('keeps neither edited values nor their fingerprints in an encrypted log', async () => {
    await turnOnEncryption(db, fakeBrowser.storage.session, PASSPHRASE, options);
    const capture = await storeCapture(db);
    await saveNote(db, capture.id, 'He followed me home on Tuesday');
    await recordPendingEdits(db);
    const edit = (await db.custody.toArray()).find((e) => e.type === 'field-edited')!;
    expect(JSON.stringify(edit)).not.toContain('followed me home');
    expect(edit.payload).toEqual({ subject: { kind: 'capture', id: capture.id }, field: 'note', editSeq: 1, editedAt: expect.any(String) });
  });

  it('records nothing for a lock while encryption is off', async () => {
    await lockLog(fakeBrowser.storage.session, db);
    expect(await db.custody.count()).toBe(0);
  });
});

describe('a capture settled while the log is locked', () => {
  it('enters the chain of custody with fingerprints only: no address, title or text in the clear, and a valid signed statement', async () => {
    const { createCaptureQueue } = await import('@/utils/capture/queue');
    const { createKeyring, publicKeyOf } = await import('@/utils/crypto/keyring');
    const { createEvidenceCodec } = await import('@/utils/db/evidence-codec');
    const { fakeServices, pageRead } = await import('../support/capture-services');
    const { verifyStoredLog } = await import('@/utils/integrity/verify-stored-log');
    const MARKER = 'CUSTODY-MARKER-5d1';
    const { keyring, privateKey } = await createKeyring('passphrase for the custody test');
    const sealTo = { keyId: keyring.keyId, publicKey: await publicKeyOf(keyring) };
    const f = fakeServices({
      readPage: async () => pageRead({ url: `https://social.example/${MARKER}`, title: `Title ${MARKER}`, text: `Text ${MARKER}`, visibleText: MARKER }),
      evidenceCodec: async () => createEvidenceCodec({ sealTo }),
    });
    const { saveNewKeyring } = await import('@/utils/db/keyring-store');
    await saveNewKeyring(f.db, keyring);
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', { ...f.target, url: `https://social.example/${MARKER}` });
    await queue.drain();
    const events = await f.db.custody.toArray();
    expect(events.map((e) => e.type)).toEqual(['capture-added']);
    expect(events[0].payload).toMatchObject({ captureId: id });
    expect(JSON.stringify(events)).not.toContain(MARKER);
    // Not even the files' fingerprints: the statement's fingerprint covers them.
    const stored = (await f.db.captures.get(id))!;
    const opened = await createEvidenceCodec({ sealTo, openWith: { keyId: keyring.keyId, privateKey } }).openCapture(stored);
    expect(opened.state).toBe('opened');
    for (const a of opened.record.artifacts) expect(JSON.stringify(events)).not.toContain(a.sha256);
    expect((events[0].payload as { files: unknown[] }).files).toEqual(opened.record.artifacts.map((a) => ({ name: a.name, size: a.size })));
    expect(JSON.stringify(await f.db.captureSignatures.toArray())).not.toContain(MARKER);
    // Unlocked, "Verify log" opens the capture, rebuilds its statement and finds it all as recorded.
    const report = await verifyStoredLog(f.db, createEvidenceCodec({ sealTo, openWith: { keyId: keyring.keyId, privateKey } }));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // Locked, it says it could not open the capture rather than calling it fine.
    const locked = await verifyStoredLog(f.db, createEvidenceCodec({ sealTo }));
    expect(locked.ok).toBe(false);
    expect(locked.unopened).toEqual([{ captureId: id, why: 'the log is locked' }]);
    expect(locked.problems).toEqual([]);
    expect(locked.notChecked).toContain('1 captures could not be opened (the log is locked), so their files were not checked.');
  }, 60_000);
});
