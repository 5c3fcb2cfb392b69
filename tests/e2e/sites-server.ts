/**
 * Real site addresses for end-to-end tests, served from 127.0.0.1. The site adapters recognise a
 * page by its host (x.com, mail.google.com …), so the production build is tested on the real
 * names: Chromium's resolver maps those names to this HTTPS server on 127.0.0.1
 * (`--host-resolver-rules`, every other name fails), and the test's browser context accepts its
 * throwaway self-signed certificate. Nothing in the extension knows about tests: no override, no
 * test host, no extra permission exists in the build.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SITE_FIXTURES = resolve(import.meta.dirname, '../fixtures/sites');

export interface SiteResponse {
  status?: number;
  type: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

/** Answers one request (host without port, path and query) or returns undefined for 404. */
export type SiteHandler = (request: { host: string; url: URL; cookie: string }) => SiteResponse | undefined;

export interface SiteServer {
  port: number;
  /** The Chromium switch that sends `hosts` here and nowhere else. */
  resolverRules(hosts: string[]): string;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 with a fresh self-signed certificate, answering through `handle`. */
export async function startSiteServer(handle: SiteHandler): Promise<SiteServer> {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=holdfast-test', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    const answer = handle({ host, url, cookie: req.headers.cookie ?? '' });
    if (!answer) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(answer.status ?? 200, { 'content-type': answer.type, 'cache-control': 'no-store', ...answer.headers });
    res.end(answer.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    resolverRules: (hosts) => `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(',')},MAP * ~NOTFOUND,EXCLUDE 127.0.0.1`,
    close: () =>
      new Promise((r) =>
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          r();
        }),
      ),
  };
}

/** A saved page from `tests/fixtures/sites/<site>/<file>`, with `headExtra` added at the end of its head. */
export function sitePage(relativePath: string, headExtra = ''): SiteResponse {
  const html = readFileSync(join(SITE_FIXTURES, relativePath), 'utf8');
  return { type: 'text/html; charset=utf-8', body: headExtra ? html.replace('</head>', `${headExtra}</head>`) : html };
}

/**
 * The saved X page has X's markup but not its style sheets; these few rules stand in for them so
 * that the timeline is laid out as a timeline (posts one under the other, icons icon-sized).
 */
export const X_STYLE =
  '<style>svg { width: 18px; height: 18px; } img, video { max-width: 200px; max-height: 120px; } div[style*="min-height"] { min-height: 0 !important; }' +
  ' [data-testid="cellInnerDiv"] { position: static !important; transform: none !important; } article[data-testid="tweet"] { border-bottom: 1px solid #ccc; padding: 8px 0; }</style>';
