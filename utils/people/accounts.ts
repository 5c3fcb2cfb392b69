/**
 * Accounts: who wrote a post or sent an email, as the page showed it. An account's key is stable
 * across captures: the platform's account id when the page exposes one, else the handle, the
 * address, or (last resort) the display name.
 */
import type { AccountRef } from '../db/log-records';
import type { PostFields } from '../sites/types';

/** The account that wrote a post or sent an email, or undefined when the page showed none. */
export function accountOf(post: PostFields): AccountRef | undefined {
  const author = post.author ?? {};
  const address = author.address ?? (post.email?.from ? emailAddressIn(post.email.from) : undefined);
  const displayName = author.displayName ?? (post.email?.from && !author.address ? displayNameIn(post.email.from) : undefined);
  const platform = post.platform || 'unknown';
  const identity = author.accountId
    ? `id:${author.accountId}`
    : author.handle
      ? `handle:${normaliseHandle(author.handle)}`
      : address
        ? `address:${address.toLowerCase()}`
        : displayName
          ? `name:${displayName.trim().toLowerCase()}`
          : undefined;
  if (!identity) return undefined;
  // Email addresses are the same account whichever webmail showed them.
  const keyPlatform = identity.startsWith('address:') ? 'email' : platform;
  return stripUndefined({
    key: `${keyPlatform}|${identity}`,
    platform,
    displayName,
    handle: author.handle,
    address,
    accountId: author.accountId,
    profileUrl: author.profileUrl,
  });
}

/** The words a person would recognise an account by: "Name (@handle)". */
export function accountLabel(account: Pick<AccountRef, 'displayName' | 'handle' | 'address' | 'accountId'>): string {
  const name = account.displayName?.trim();
  const id = account.handle ?? account.address ?? (account.accountId ? `#${account.accountId}` : undefined);
  if (name && id && name !== id) return `${name} (${id})`;
  return name || id || '?';
}

function normaliseHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

function emailAddressIn(from: string): string | undefined {
  const match = /<([^<>\s]+@[^<>\s]+)>/.exec(from) ?? /([^\s<>"]+@[^\s<>"]+)/.exec(from);
  return match?.[1];
}

function displayNameIn(from: string): string | undefined {
  const name = from.replace(/<[^>]*>/, '').replace(/"/g, '').trim();
  return name && !name.includes('@') ? name : undefined;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}
