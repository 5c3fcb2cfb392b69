/**
 * A local RFC 3161 time-stamp authority for tests, made with Debian's `openssl ts`: a throwaway
 * root CA and a TSA certificate (extendedKeyUsage critical timeStamping) are created in a
 * temporary folder, and a small HTTP server on 127.0.0.1 answers each POSTed
 * `application/timestamp-query` by running `openssl ts -reply`. Nothing touches the internet.
 *
 *   const tsa = await startLocalTsa();
 *   const token = await requestTimestamp(tsa.url, sha256);
 *   await tsa.close();
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const OPENSSL = process.env.OPENSSL_PATH ?? 'openssl';

/** The policy OID the local authority puts in its tokens (an example arc, not a real policy). */
export const LOCAL_TSA_POLICY = '1.3.6.1.4.1.4146.2.3.1.9999';

export interface LocalTsaOptions {
  /** Key type of the CA and the TSA; real authorities mostly use RSA. Default `rsa`. */
  keyType?: 'rsa' | 'ec';
  /** Digests the authority accepts; a query with another one gets a `rejection` status. Default sha256, sha384, sha512. */
  digests?: string[];
  /** Subject of the TSA certificate. */
  tsaSubject?: string;
}

export interface LocalTsa {
  /** `http://127.0.0.1:<port>/tsr` */
  url: string;
  /** The throwaway root CA that issued the TSA certificate, PEM. */
  caCertPem: string;
  /** The TSA's own certificate, PEM. */
  tsaCertPem: string;
  /** How many queries were answered. */
  readonly requestCount: number;
  /** Stops the server and deletes the temporary folder. */
  close(): Promise<void>;
}

/** Checks that `openssl ts` is available; tests skip with this message when it is not. */
export async function opensslMissing(): Promise<string | null> {
  try {
    await run(OPENSSL, ['version']);
    return null;
  } catch {
    return `No openssl at "${OPENSSL}": run "sudo apt-get install -y openssl" or set OPENSSL_PATH.`;
  }
}

/** Creates the CA and TSA certificates and starts the authority on a random port of 127.0.0.1. */
export async function startLocalTsa(options: LocalTsaOptions = {}): Promise<LocalTsa> {
  const dir = await mkdtemp(join(tmpdir(), 'holdfast-tsa-'));
  try {
    await createCertificates(dir, options);
    await writeFile(join(dir, 'tsa.cnf'), tsaConfig(dir, options.digests ?? ['sha256', 'sha384', 'sha512']));
    await writeFile(join(dir, 'serial'), '01\n');
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  let requestCount = 0;
  let queue: Promise<unknown> = Promise.resolve();
  /** One `openssl ts -reply` at a time: it reads and rewrites the serial number file. */
  const reply = (query: Buffer): Promise<Buffer> => {
    const n = ++requestCount;
    const answer = queue.then(async () => {
      const queryFile = join(dir, `query-${n}.tsq`);
      const replyFile = join(dir, `reply-${n}.tsr`);
      await writeFile(queryFile, query);
      await run(OPENSSL, ['ts', '-reply', '-config', join(dir, 'tsa.cnf'), '-queryfile', queryFile, '-out', replyFile]);
      return readFile(replyFile);
    });
    queue = answer.catch(() => undefined);
    return answer;
  };

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end('POST a time-stamp query');
      return;
    }
    readBody(req, 64 * 1024)
      .then(reply)
      .then((der) => res.writeHead(200, { 'Content-Type': 'application/timestamp-reply', 'Content-Length': der.byteLength }).end(der))
      .catch((error: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/tsr`,
    caCertPem: await readFile(join(dir, 'ca.crt'), 'utf8'),
    tsaCertPem: await readFile(join(dir, 'tsa.crt'), 'utf8'),
    get requestCount() {
      return requestCount;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createCertificates(dir: string, options: LocalTsaOptions): Promise<void> {
  const keyArgs = options.keyType === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
  const file = (name: string) => join(dir, name);
  await writeFile(
    file('tsa-extensions.cnf'),
    [
      '[ tsa ]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, nonRepudiation',
      'extendedKeyUsage = critical, timeStamping',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '',
    ].join('\n'),
  );
  await run(OPENSSL, ['req', '-x509', ...keyArgs, '-nodes', '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '2',
    '-subj', '/O=Holdfast tests/CN=Holdfast Test Root CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run(OPENSSL, ['req', '-new', ...keyArgs, '-nodes', '-keyout', file('tsa.key'), '-out', file('tsa.csr'),
    '-subj', options.tsaSubject ?? '/O=Holdfast tests/CN=Holdfast Test TSA']);
  await run(OPENSSL, ['x509', '-req', '-in', file('tsa.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-set_serial', '2',
    '-days', '2', '-out', file('tsa.crt'), '-extfile', file('tsa-extensions.cnf'), '-extensions', 'tsa']);
}

function tsaConfig(dir: string, digests: string[]): string {
  return [
    '[ tsa ]',
    'default_tsa = local',
    '[ local ]',
    `serial = ${join(dir, 'serial')}`,
    'crypto_device = builtin',
    `signer_cert = ${join(dir, 'tsa.crt')}`,
    `certs = ${join(dir, 'ca.crt')}`,
    `signer_key = ${join(dir, 'tsa.key')}`,
    'signer_digest = sha256',
    `default_policy = ${LOCAL_TSA_POLICY}`,
    `digests = ${digests.join(', ')}`,
    'accuracy = secs:1',
    'clock_precision_digits = 3',
    'ordering = no',
    'tsa_name = yes',
    'ess_cert_id_chain = no',
    'ess_cert_id_alg = sha256',
    '',
  ].join('\n');
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        reject(new Error('Query too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
