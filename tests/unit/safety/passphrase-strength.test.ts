import { describe, expect, it } from 'vitest';
import { assessPassphrase } from '@/utils/safety/passphrase-strength';

describe('passphrase strength', () => {
  it('refuses common, short and patterned passphrases, and says why', async () => {
    expect(await assessPassphrase('')).toMatchObject({ acceptable: false, score: 0 });
    expect(await assessPassphrase('password')).toMatchObject({ acceptable: false, warning: 'topTen' });
    expect(await assessPassphrase('qwertyuiop')).toMatchObject({ acceptable: false });
    expect(await assessPassphrase('Summer2024!')).toMatchObject({ acceptable: false });
    expect(await assessPassphrase('x7#Qm')).toMatchObject({ acceptable: false, tooShort: true });
    expect((await assessPassphrase('holdfast evidence')).acceptable).toBe(false);
    expect((await assessPassphrase('contraseña1234')).acceptable).toBe(false);
  }, 30_000);

  it('accepts a few unrelated words, in English or Spanish', async () => {
    expect(await assessPassphrase('violet harbour seven kettles')).toMatchObject({ acceptable: true, score: 4 });
    expect((await assessPassphrase('tortuga nublada pinta guitarras')).acceptable).toBe(true);
  }, 30_000);
});
