import { readPage } from '@/utils/capture/read-page';

/**
 * Injected into the captured tab with `scripting.executeScript({ files: ['/reader.js'] })` at the
 * moment of capture, never registered on any site. Its return value is the page reading.
 */
export default defineUnlistedScript(() => readPage(window));
