/**
 * How the dashboard shows evidence. Screenshots of abusive content are blurred until the person
 * chooses to look (on by default: nothing upsetting appears by surprise).
 */
import { storage } from 'wxt/utils/storage';

export const blurScreenshots = storage.defineItem<boolean>('local:display.blurScreenshots', { fallback: true, version: 1 });
