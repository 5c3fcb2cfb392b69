/**
 * Who and what made a capture: browser, operating system and this extension, as the browser
 * reports them through its APIs (feature-detected, no user-agent sniffing for decisions; the raw
 * user-agent string is recorded as a fact).
 */
import { detectCaptureApis, type CaptureApis } from './capture-apis';

export interface CaptureEnvironment {
  browser: { name: string; version: string; userAgent: string };
  os: { name: string; arch: string };
  extension: { name: string; version: string; id: string; manifestVersion: number };
  /** Which capture APIs the browser offered (absent in captures made before it was recorded). */
  captureApis?: CaptureApis;
}

interface BrandVersion {
  brand: string;
  version: string;
}

interface UserAgentDataLike {
  brands?: BrandVersion[];
  getHighEntropyValues?: (hints: string[]) => Promise<{ fullVersionList?: BrandVersion[] }>;
}

let cached: Promise<CaptureEnvironment> | undefined;

/** Describes the capturing environment; computed once per worker lifetime. */
export function captureEnvironment(extensionName: string): Promise<CaptureEnvironment> {
  cached ??= describe(extensionName).catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function describe(extensionName: string): Promise<CaptureEnvironment> {
  const manifest = browser.runtime.getManifest();
  const platform = await browser.runtime.getPlatformInfo().catch(() => undefined);
  return {
    browser: await browserIdentity(),
    os: { name: platform?.os ?? 'unknown', arch: platform?.arch ?? 'unknown' },
    extension: {
      name: extensionName,
      version: manifest.version,
      id: browser.runtime.id,
      manifestVersion: manifest.manifest_version,
    },
    captureApis: detectCaptureApis(browser),
  };
}

async function browserIdentity(): Promise<CaptureEnvironment['browser']> {
  const userAgent = globalThis.navigator?.userAgent ?? '';
  const runtime = browser.runtime as typeof browser.runtime & {
    getBrowserInfo?: () => Promise<{ name: string; version: string }>;
  };
  if (typeof runtime.getBrowserInfo === 'function') {
    const info = await runtime.getBrowserInfo();
    return { name: info.name, version: info.version, userAgent };
  }
  const uaData = (globalThis.navigator as Navigator & { userAgentData?: UserAgentDataLike })?.userAgentData;
  if (uaData) {
    const full = await uaData.getHighEntropyValues?.(['fullVersionList']).catch(() => undefined);
    const brands = full?.fullVersionList ?? uaData.brands ?? [];
    const real = brands.find((b) => !/not.?a.?brand/i.test(b.brand) && b.brand !== 'Chromium') ?? brands.find((b) => b.brand === 'Chromium');
    if (real) return { name: real.brand, version: real.version, userAgent };
  }
  return { name: 'unknown', version: 'unknown', userAgent };
}
