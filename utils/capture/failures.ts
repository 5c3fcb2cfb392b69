/**
 * Why a capture could not be completed, in words the person understands. Every failure ends as a
 * visible entry in the log with one of these reasons and the browser's own message.
 */
import { errorMessage } from './screenshot';

export type FailureCode =
  | 'restricted-page'
  | 'no-access'
  | 'tab-closed'
  | 'tab-hidden'
  | 'no-tab'
  | 'storage-full'
  | 'gave-up'
  | 'screenshot-failed';

export const FAILURE_REASONS: Record<FailureCode, string> = {
  'restricted-page': 'The browser does not let extensions capture this kind of page (browser settings, extension pages, the web store).',
  'no-access': 'Holdfast was not given access to this page. Press the Holdfast shortcut or click its toolbar button while the page is open.',
  'tab-closed': 'The tab was closed before the screenshot could be taken.',
  'tab-hidden': 'The tab was no longer on screen when the screenshot was due, so it was not taken.',
  'no-tab': 'There was no page open to capture.',
  'storage-full': 'The device ran out of space for the log. Free some space or export and remove old captures.',
  'gave-up': 'The capture could not be completed after several attempts.',
  'screenshot-failed': 'The browser refused to take the screenshot.',
};

const RESTRICTED_URL =
  /^(chrome|chrome-extension|chrome-search|chrome-untrusted|devtools|edge|brave|opera|vivaldi|about|view-source|moz-extension|resource|data|javascript):|^https:\/\/(chromewebstore\.google\.com|chrome\.google\.com\/webstore|microsoftedge\.microsoft\.com\/addons|addons\.mozilla\.org)\b/i;

/** Pages no extension may read or capture; checked before any work is started. */
export function isRestrictedUrl(url: string | undefined): boolean {
  return url !== undefined && RESTRICTED_URL.test(url);
}

/** Sorts a browser error into one of our failure codes. */
export function classifyError(error: unknown): FailureCode {
  const message = errorMessage(error);
  if (/No tab with id|tab was closed|Tabs cannot be edited/i.test(message)) return 'tab-closed';
  if (/QuotaExceeded|quota.*exceeded|disk.*full|NoSpace/i.test(message) && !/MAX_CAPTURE/i.test(message)) return 'storage-full';
  if (/chrome:\/\/|extensions gallery|cannot be scripted|Cannot access a chrome|webstore|privileged|Missing host permission for the tab.*(chrome|about)/i.test(message)) return 'restricted-page';
  if (/Cannot access contents|activeTab|permission|Missing host permission/i.test(message)) return 'no-access';
  return 'screenshot-failed';
}
