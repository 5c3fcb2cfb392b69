import { describe, expect, it } from 'vitest';
import { accountLabel, accountOf } from '@/utils/people/accounts';
import { factsFrom, postFieldsIn } from '@/utils/search/capture-facts';
import type { CaptureRecord } from '@/utils/db/records';

const capture = { id: 'c1', pressedAt: '2026-11-30T10:00:00.000Z', summary: { url: 'https://x.com/a/status/1', title: 't', site: 'x.com' } } as CaptureRecord;

describe('facts read from metadata.json', () => {
  it('takes the post fields a site adapter recorded, and the author as an account', () => {
    const facts = factsFrom(capture, { post: { platform: 'x', kind: 'post', author: { displayName: 'Night Owl', handle: '@night_owl_77' }, postedAt: { iso: '2026-11-29T22:00:00Z' } } });
    expect(facts).toMatchObject({ captureId: 'c1', platform: 'x', accountKey: 'x|handle:night_owl_77', post: { postedAt: { iso: '2026-11-29T22:00:00Z' } } });
  });

  it('ignores malformed post fields from a hostile page rather than trusting them', () => {
    expect(postFieldsIn({ post: { platform: 'x', kind: 'script', author: {} } })).toBeUndefined();
    expect(postFieldsIn({ post: { platform: 'x', kind: 'post', author: { handle: 42 } } })).toBeUndefined();
    expect(postFieldsIn({ post: 'text' })).toBeUndefined();
    expect(postFieldsIn(null)).toBeUndefined();
    expect(factsFrom(capture, { post: { kind: 'nope' } })).toEqual({ captureId: 'c1', pressedAt: capture.pressedAt, platform: 'x.com' });
  });

  it('uses the host name when the generic adapter read the page', () => {
    expect(factsFrom(capture, { post: { platform: 'generic', kind: 'article' } }).platform).toBe('x.com');
  });
});

describe('accounts', () => {
  it('prefers the stable account id, then the handle, the address and last the name', () => {
    expect(accountOf({ platform: 'x', kind: 'post', author: { accountId: '991', handle: '@a' } })?.key).toBe('x|id:991');
    expect(accountOf({ platform: 'x', kind: 'post', author: { handle: '@Night_Owl' } })?.key).toBe('x|handle:night_owl');
    expect(accountOf({ platform: 'reddit', kind: 'comment', author: { displayName: ' Marta R ' } })?.key).toBe('reddit|name:marta r');
    expect(accountOf({ platform: 'x', kind: 'post' })).toBeUndefined();
  });

  it('gives an email sender the same account whichever webmail showed the message', () => {
    const gmail = accountOf({ platform: 'gmail', kind: 'email', email: { from: 'Night Owl <Owl@Mail.example>' } });
    const outlook = accountOf({ platform: 'outlook', kind: 'email', author: { address: 'owl@mail.example' } });
    expect(gmail?.key).toBe('email|address:owl@mail.example');
    expect(outlook?.key).toBe(gmail?.key);
    expect(gmail?.displayName).toBe('Night Owl');
    expect(accountLabel(gmail!)).toBe('Night Owl (Owl@Mail.example)');
  });
});
