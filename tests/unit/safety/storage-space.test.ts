import { describe, expect, it } from 'vitest';
import { SPACE_CRITICAL_BYTES, SPACE_LOW_BYTES, assessSpace, keepLogPersistent, readSpace } from '@/utils/safety/storage-space';

const MB = 1024 * 1024;
const GB = 1024 * MB;

describe('the storage warning', () => {
  it('is quiet with room to spare and says how many captures still fit', () => {
    expect(assessSpace({ usage: 1 * GB, quota: 11 * GB })).toEqual({ level: 'ok', usedBytes: 1 * GB, quotaBytes: 11 * GB, availableBytes: 10 * GB, capturesLeft: 5120 });
  });

  it('warns before the space runs out, and urgently when captures may fail', () => {
    expect(assessSpace({ usage: 0, quota: SPACE_LOW_BYTES })?.level).toBe('ok');
    expect(assessSpace({ usage: 1, quota: SPACE_LOW_BYTES })?.level).toBe('low');
    expect(assessSpace({ usage: 10 * GB, quota: 10 * GB + 300 * MB })).toMatchObject({ level: 'low', availableBytes: 300 * MB, capturesLeft: 150 });
    expect(assessSpace({ usage: 10 * GB, quota: 10 * GB + SPACE_CRITICAL_BYTES - 1 })?.level).toBe('critical');
    expect(assessSpace({ usage: 12 * GB, quota: 10 * GB })).toMatchObject({ level: 'critical', availableBytes: 0, capturesLeft: 0 });
  });

  it('says nothing rather than something wrong when the browser does not say', async () => {
    expect(assessSpace(undefined)).toBeUndefined();
    expect(assessSpace({ usage: 5 })).toBeUndefined();
    expect(assessSpace({ usage: 5, quota: 0 })).toBeUndefined();
    expect(await readSpace(undefined)).toBeUndefined();
    expect(await readSpace({ estimate: () => Promise.reject(new Error('no')) })).toBeUndefined();
    expect(await readSpace({ estimate: async () => ({ usage: 1, quota: 10 * GB }) })).toMatchObject({ level: 'ok' });
  });
});

describe('keeping the log when the disk fills', () => {
  it('asks for persistent storage once, and reports what the browser answered', async () => {
    let asked = 0;
    const manager = (granted: boolean, already = false) => ({
      persisted: async () => already,
      persist: async () => {
        asked += 1;
        return granted;
      },
    });
    expect(await keepLogPersistent(manager(true), false)).toBe('persistent');
    expect(asked).toBe(1);
    expect(await keepLogPersistent(manager(false, true), false)).toBe('persistent');
    expect(asked).toBe(1);
    expect(await keepLogPersistent(manager(false), false)).toBe('not-persistent');
    expect(await keepLogPersistent(manager(false), true)).toBe('unlimited');
    expect(await keepLogPersistent(undefined, false)).toBe('unknown');
  });
});
