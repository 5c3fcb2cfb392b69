// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentsView } from '@/components/incidents-view';
import { PeopleView } from '@/components/people-view';
import { EvidenceCodecContext } from '@/components/use-evidence-codec';
import { createKeyring, publicKeyOf } from '@/utils/crypto/keyring';
import { getDb } from '@/utils/db/database';
import { createEvidenceCodec, type EvidenceCodec, type OpeningKey, type SealingKey } from '@/utils/db/evidence-codec';
import { createIncident, draftIncident } from '@/utils/incidents/incidents';
import { mergeAccounts } from '@/utils/people/people';
import { storeCapture } from '../unit/support/log-fixtures';
import { emptyLog } from './support';

let sealTo: SealingKey;
let openWith: OpeningKey;
const locked = () => createEvidenceCodec({ sealTo });
const unlocked = () => createEvidenceCodec({ sealTo, openWith });

beforeAll(async () => {
  const made = await createKeyring('a long passphrase for tests');
  sealTo = { keyId: made.keyring.keyId, publicKey: await publicKeyOf(made.keyring) };
  openWith = { keyId: made.keyring.keyId, privateKey: made.privateKey };
}, 60_000);
beforeEach(async () => {
  await emptyLog();
  const db = getDb();
  const capture = await storeCapture(db, { title: 'First', pressedAt: '2026-11-29T10:00:00.000Z' });
  // Written while locked: sealed to the public key.
  await createIncident(db, { ...draftIncident([capture], 'Notes on my bike'), description: 'He left another note.' }, Date.now, locked());
  await mergeAccounts(db, ['instagram|@watcher'], 'The neighbour', undefined, Date.now, locked());
});
afterEach(cleanup);

const noop = () => undefined;
function withCodec(codec: EvidenceCodec, view: preact.ComponentChild) {
  return render(<EvidenceCodecContext.Provider value={codec}>{view}</EvidenceCodecContext.Provider>);
}

describe('incidents and people sealed at rest', () => {
  it('the incidents view shows the lock screen while locked, and the opened words once unlocked', async () => {
    const view = withCodec(locked(), <IncidentsView onOpen={vi.fn()} onShowInLog={noop} onExport={noop} announce={noop} />);
    await screen.findByText('2 incidents, people or protective orders are encrypted. Unlock the log to see them.');
    expect(screen.getByLabelText('Passphrase')).toBeTruthy();
    expect(screen.queryByText('He left another note.')).toBeNull();
    view.unmount();

    withCodec(unlocked(), <IncidentsView onOpen={vi.fn()} onShowInLog={noop} onExport={noop} announce={noop} />);
    await screen.findByText('He left another note.', undefined, { timeout: 10_000 });
    expect(screen.getByRole('button', { name: 'Notes on my bike' })).toBeTruthy();
    expect(screen.queryByText('Your log is locked')).toBeNull();
  });

  it('the people view shows the lock screen while locked, and the person’s name once unlocked', async () => {
    const view = withCodec(locked(), <PeopleView onShowInLog={noop} onExport={noop} announce={noop} />);
    await screen.findByText('Your log is locked');
    expect(screen.queryByText('The neighbour')).toBeNull();
    view.unmount();

    withCodec(unlocked(), <PeopleView onShowInLog={noop} onExport={noop} announce={noop} />);
    await screen.findByText('The neighbour', undefined, { timeout: 10_000 });
  });
});
