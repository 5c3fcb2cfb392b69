/**
 * Trusted timestamps (RFC 3161). Only a SHA-256 fingerprint is sent to the timestamp authority
 * (TSA); it answers with a token it signed that says "this fingerprint existed at genTime". The
 * token is stored and exported as is (DER), so anyone can check it later, e.g. with
 * `openssl ts -verify -digest <hex> -in token.tst -token_in -CAfile tsa-root.pem`.
 *
 * Parsing and CMS signature checks use `pkijs` and `asn1js`; nothing is decoded by hand except
 * reading the fields pkijs exposes.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { fromHex, isSha256Hex, toHex } from './sha256';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const SHA1_OID = '1.3.14.3.2.26';
const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4';
const EXT_KEY_USAGE_OID = '2.5.29.37';
const TIME_STAMPING_PURPOSE_OID = '1.3.6.1.5.5.7.3.8';
const SIGNING_CERTIFICATE_OID = '1.2.840.113549.1.9.16.2.12';
const SIGNING_CERTIFICATE_V2_OID = '1.2.840.113549.1.9.16.2.47';
/** Tokens with a long certificate chain are a few kilobytes; anything this big is not a token. */
const MAX_REPLY_BYTES = 1024 * 1024;

/** A timestamp authority the person can pick in the settings. */
export interface TimestampAuthority {
  name: string;
  url: string;
  /** Plain words shown next to the choice. */
  note: string;
}

/** Public authorities that answer RFC 3161 queries without an account. */
export const PUBLIC_TIMESTAMP_AUTHORITIES: readonly TimestampAuthority[] = [
  { name: 'FreeTSA.org', url: 'https://freetsa.org/tsr', note: 'Free service run by an individual; publishes its root certificate at https://freetsa.org/files/cacert.pem.' },
  { name: 'DigiCert', url: 'http://timestamp.digicert.com', note: 'Free public service of a commercial certificate authority.' },
  { name: 'Sectigo', url: 'http://timestamp.sectigo.com', note: 'Free public service of a commercial certificate authority; asks for 15 seconds or more between requests.' },
];

/** A stored timestamp: the token's bytes and what it says, read from it. */
export interface TimestampToken {
  /** The token (CMS ContentInfo) exactly as the authority sent it. */
  der: Uint8Array;
  /** When the authority says it saw the fingerprint, UTC ISO 8601. */
  genTime: string;
  /** The token's serial number, hex. */
  serial: string;
  /** The authority's name from the token, or the subject of its certificate. */
  tsaName: string;
  /** The authority's policy OID. */
  policy: string;
  /** The SHA-256 fingerprint the token is for (lowercase hex). */
  hashHex: string;
  /** The address the token was requested from. */
  tsaUrl?: string;
}

export type TimestampProblemKind = 'unreadable' | 'other-hash' | 'signature-invalid' | 'certificate-unsuitable' | 'not-trusted';

export interface TimestampProblem {
  kind: TimestampProblemKind;
  message: string;
}

export interface TimestampVerification {
  ok: boolean;
  /** UTC ISO 8601, or null when the token could not be read. */
  genTime: string | null;
  serial: string | null;
  tsaName: string | null;
  policy: string | null;
  /** The fingerprint the token is for, as read from it. */
  hashHex: string | null;
  problems: TimestampProblem[];
  /** What was checked, in plain words (for the report and the verifier page). */
  checked: string[];
  /** What was not checked, in plain words. */
  notChecked: string[];
}

/** Why a timestamp could not be obtained; `kind` is stable, `message` is plain words. */
export class TimestampFailed extends Error {
  constructor(
    readonly kind: 'network' | 'http' | 'unreadable' | 'refused' | 'mismatch' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'TimestampFailed';
  }
}

/** A fresh random nonce: 8 bytes, a positive DER INTEGER. */
export function newNonce(): Uint8Array {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes;
}

/** The DER bytes of an RFC 3161 TimeStampReq for a SHA-256 fingerprint, asking for the TSA's certificate. */
export function buildTimestampRequest(sha256Hex: string, nonce: Uint8Array): Uint8Array {
  if (!isSha256Hex(sha256Hex)) throw new TypeError('A timestamp is requested for a SHA-256 fingerprint (64 lowercase hex characters)');
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: fromHex(sha256Hex) }),
    }),
    nonce: new asn1js.Integer({ valueHex: integerBytes(nonce) }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER());
}

export interface TimestampRequestOptions {
  /** Defaults to a fresh random nonce. */
  nonce?: Uint8Array;
  /** Certificates (PEM or DER) the authority must chain to; without them the chain is not checked. */
  trustedCerts?: (string | Uint8Array)[];
  signal?: AbortSignal;
}

/**
 * Asks `tsaUrl` for a timestamp of `sha256Hex`: POSTs an `application/timestamp-query`, checks
 * that the status is granted, that the token is for this fingerprint and this nonce, and that its
 * signature verifies. Throws `TimestampFailed` otherwise. Only the fingerprint leaves the device.
 */
export async function requestTimestamp(
  tsaUrl: string,
  sha256Hex: string,
  fetchFn: typeof fetch = fetch,
  options: TimestampRequestOptions = {},
): Promise<TimestampToken> {
  const nonce = options.nonce ?? newNonce();
  const query = buildTimestampRequest(sha256Hex, nonce);
  let response: Response;
  try {
    response = await fetchFn(tsaUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
      body: query as BufferSource,
      credentials: 'omit',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    throw new TimestampFailed('network', `The timestamp authority at ${tsaUrl} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new TimestampFailed('http', `The timestamp authority at ${tsaUrl} answered with HTTP status ${response.status}.`);
  const declared = Number(response.headers.get('Content-Length') ?? 0);
  if (declared > MAX_REPLY_BYTES) throw new TimestampFailed('unreadable', 'The timestamp authority sent far too much data for a timestamp.');
  const reply = new Uint8Array(await response.arrayBuffer());
  if (reply.byteLength > MAX_REPLY_BYTES) throw new TimestampFailed('unreadable', 'The timestamp authority sent far too much data for a timestamp.');

  const tokenDer = readTimestampReply(reply);
  const verification = await verifyTimestampToken(tokenDer, sha256Hex, options.trustedCerts);
  if (!verification.ok) {
    const otherHash = verification.problems.some((p) => p.kind === 'other-hash');
    throw new TimestampFailed(otherHash ? 'mismatch' : 'invalid', verification.problems.map((p) => p.message).join(' '));
  }
  if (parseToken(tokenDer).tstInfo.nonce?.toBigInt() !== bigintOf(nonce)) {
    throw new TimestampFailed('mismatch', 'The timestamp authority answered with a token for another request (the nonce differs).');
  }
  return {
    der: tokenDer,
    genTime: verification.genTime ?? '',
    serial: verification.serial ?? '',
    tsaName: verification.tsaName ?? '',
    policy: verification.policy ?? '',
    hashHex: verification.hashHex ?? '',
    tsaUrl,
  };
}

/** The token inside a TimeStampResp, byte for byte; throws `TimestampFailed` unless the status is granted. */
export function readTimestampReply(reply: Uint8Array): Uint8Array {
  let response: pkijs.TimeStampResp;
  let asn1: asn1js.FromBerResult;
  try {
    asn1 = asn1js.fromBER(reply as BufferSource);
    response = new pkijs.TimeStampResp({ schema: asn1.result });
  } catch {
    throw new TimestampFailed('unreadable', 'The timestamp authority sent something that is not a timestamp reply.');
  }
  const { status } = response.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    const said = (response.status.statusStrings ?? []).map((s) => s.valueBlock.value).join('; ');
    throw new TimestampFailed('refused', `The timestamp authority refused the request (status ${status}${said ? `: ${said}` : ''}).`);
  }
  const token = asn1.result instanceof asn1js.Sequence ? asn1.result.valueBlock.value[1] : undefined;
  if (!response.timeStampToken || !token) throw new TimestampFailed('unreadable', 'The timestamp authority granted the request but sent no token.');
  return token.valueBeforeDecodeView.slice();
}

interface ParsedToken {
  signedData: pkijs.SignedData;
  tstInfo: pkijs.TSTInfo;
}

function parseToken(tokenDer: Uint8Array): ParsedToken {
  const contentInfo = pkijs.ContentInfo.fromBER(tokenDer as BufferSource);
  if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not CMS signed data');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const { eContentType, eContent } = signedData.encapContentInfo;
  if (eContentType !== TST_INFO_OID || !eContent) throw new Error('it does not hold timestamp information');
  return { signedData, tstInfo: pkijs.TSTInfo.fromBER(eContent.getValue()) };
}

/** Reads a stored token's facts without checking it (for lists); throws when it is unreadable. */
export function readTimestampToken(tokenDer: Uint8Array): Omit<TimestampToken, 'tsaUrl'> {
  const { signedData, tstInfo } = parseToken(tokenDer);
  return {
    der: tokenDer,
    genTime: tstInfo.genTime.toISOString(),
    serial: toHex(tstInfo.serialNumber.valueBlock.valueHexView),
    tsaName: tokenAuthorityName(tstInfo, signedData),
    policy: tstInfo.policy,
    hashHex: toHex(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView),
  };
}

/**
 * Checks a stored token against the fingerprint it is attached to:
 * - it is a readable RFC 3161 token;
 * - it is for exactly `sha256Hex`, hashed with SHA-256;
 * - its CMS signature verifies with the certificate embedded in it, and the signed
 *   signing-certificate attribute names that certificate;
 * - that certificate is marked (critical extended key usage) for time-stamping only and was valid at genTime;
 * - with `trustedCerts` (PEM or DER): the certificate chains to one of them.
 * Revocation (CRL, OCSP) of the authority's certificate is never checked here.
 */
export async function verifyTimestampToken(
  tokenDer: Uint8Array,
  sha256Hex: string,
  trustedCerts?: (string | Uint8Array)[],
): Promise<TimestampVerification> {
  const result: TimestampVerification = { ok: false, genTime: null, serial: null, tsaName: null, policy: null, hashHex: null, problems: [], checked: [], notChecked: [] };
  const problem = (kind: TimestampProblemKind, message: string) => result.problems.push({ kind, message });

  let parsed: ParsedToken;
  try {
    parsed = parseToken(tokenDer);
    const { der: _der, ...facts } = readTimestampToken(tokenDer);
    Object.assign(result, facts);
  } catch (error) {
    problem('unreadable', `The timestamp token cannot be read: ${error instanceof Error ? error.message : String(error)}.`);
    result.notChecked.push('Nothing else could be checked.');
    return result;
  }
  const { signedData, tstInfo } = parsed;
  const genTime = tstInfo.genTime;

  const imprint = tstInfo.messageImprint;
  result.checked.push('The token is for this fingerprint, computed with SHA-256.');
  if (imprint.hashAlgorithm.algorithmId !== SHA256_OID) {
    problem('other-hash', `The timestamp token is for a fingerprint made with another algorithm (${imprint.hashAlgorithm.algorithmId}), not SHA-256.`);
  } else if (result.hashHex !== sha256Hex.toLowerCase()) {
    problem('other-hash', `The timestamp token is for another fingerprint (${result.hashHex}) than the one it is attached to (${sha256Hex}).`);
  }

  const signer = await checkSignature(tokenDer, signedData.signerInfos.length);
  result.checked.push("The authority's signature on the token verifies with the certificate inside the token.");
  if (!signer.ok) {
    problem('signature-invalid', `The timestamp token's signature does not verify: ${signer.reason}.`);
  } else {
    result.checked.push('The signed signing-certificate attribute names that certificate.');
    const boundTo = await signingCertificateBinding(signedData, signer.certificate);
    if (boundTo) problem('signature-invalid', boundTo);
    result.checked.push('That certificate is for time-stamping only and was valid at the time in the token.');
    for (const flaw of certificateFlaws(signer.certificate, genTime)) problem('certificate-unsuitable', flaw);
  }

  if (trustedCerts?.length) {
    result.checked.push("The authority's certificate chains to a trusted certificate that was given.");
    if (signer.ok) {
      const trust = await checkChain(tokenDer, trustedCerts, genTime);
      if (trust) problem('not-trusted', `The timestamp authority's certificate does not lead to a trusted certificate: ${trust}.`);
    }
  } else {
    result.notChecked.push("Whether the authority's certificate comes from a trusted root: no trusted certificate was given. Anyone can make a certificate with any name.");
  }
  result.notChecked.push("Whether the authority's certificate was revoked (CRL or OCSP): that needs the internet.");
  result.notChecked.push("Whether the authority's clock was right: that is the authority's promise.");

  result.ok = result.problems.length === 0;
  return result;
}

type SignerCheck = { ok: true; certificate: pkijs.Certificate } | { ok: false; reason: string };

/**
 * pkijs' SignedData.verify re-hashes the original data for a TSTInfo, but a token is checked
 * against a fingerprint only; the imprint is compared above. So the signature is verified on a
 * fresh parse of the same bytes presented as plain CMS content: every other step (signer
 * certificate lookup, message-digest attribute, signature over the signed attributes) is pkijs'.
 */
function asPlainContent(tokenDer: Uint8Array): pkijs.SignedData {
  const { signedData } = parseToken(tokenDer);
  signedData.encapContentInfo.eContentType = pkijs.ContentInfo.DATA;
  return signedData;
}

async function checkSignature(tokenDer: Uint8Array, signerCount: number): Promise<SignerCheck> {
  if (signerCount !== 1) return { ok: false, reason: `a token has one signer, this one has ${signerCount}` };
  try {
    const outcome = await asPlainContent(tokenDer).verify({ signer: 0, checkChain: false, extendedMode: true });
    if (!outcome.signatureVerified || !outcome.signerCertificate) return { ok: false, reason: outcome.message || 'the signature is not valid for its content' };
    return { ok: true, certificate: outcome.signerCertificate };
  } catch (error) {
    return { ok: false, reason: verifyErrorMessage(error) };
  }
}

async function checkChain(tokenDer: Uint8Array, trustedCerts: (string | Uint8Array)[], at: Date): Promise<string | null> {
  let trusted: pkijs.Certificate[];
  try {
    trusted = trustedCerts.flatMap(certificatesOf);
  } catch {
    return 'the trusted certificates given cannot be read';
  }
  try {
    const outcome = await asPlainContent(tokenDer).verify({ signer: 0, checkChain: true, trustedCerts: trusted, checkDate: at, extendedMode: true });
    return outcome.signatureVerified ? null : outcome.message || 'the chain does not verify';
  } catch (error) {
    return verifyErrorMessage(error);
  }
}

function verifyErrorMessage(error: unknown): string {
  if (error instanceof pkijs.SignedDataVerifyError) return error.message.replace(/\.$/, '');
  return error instanceof Error ? error.message : String(error);
}

/** The RFC 3161 rules for a TSA certificate, as plain-word flaws. */
function certificateFlaws(certificate: pkijs.Certificate, genTime: Date): string[] {
  const flaws: string[] = [];
  const eku = certificate.extensions?.find((e) => e.extnID === EXT_KEY_USAGE_OID);
  const purposes = eku?.parsedValue instanceof pkijs.ExtKeyUsage ? eku.parsedValue.keyPurposes : [];
  if (!eku || !purposes.includes(TIME_STAMPING_PURPOSE_OID)) {
    flaws.push("The certificate that signed the timestamp is not a time-stamping certificate (no 'timeStamping' extended key usage).");
  } else if (!eku.critical || purposes.length !== 1) {
    flaws.push("The certificate that signed the timestamp is not reserved for time-stamping (its extended key usage must be critical and say only 'timeStamping').");
  }
  const from = certificate.notBefore.value;
  const until = certificate.notAfter.value;
  if (genTime < from || genTime > until) {
    flaws.push(`The certificate that signed the timestamp was not valid at the time in the token (valid from ${from.toISOString()} to ${until.toISOString()}).`);
  }
  return flaws;
}

/** Null when the ESS signing-certificate attribute names `certificate`, else why not. */
async function signingCertificateBinding(signedData: pkijs.SignedData, certificate: pkijs.Certificate): Promise<string | null> {
  const attributes = signedData.signerInfos[0].signedAttrs?.attributes ?? [];
  const attribute = attributes.find((a) => a.type === SIGNING_CERTIFICATE_V2_OID) ?? attributes.find((a) => a.type === SIGNING_CERTIFICATE_OID);
  if (!attribute) return 'The token does not say which certificate signed it (no signing-certificate attribute).';
  try {
    // SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), … }; the first names the signer.
    const value = attribute.values[0] as asn1js.Sequence;
    const essCertId = (value.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const fields = essCertId.valueBlock.value;
    let algorithm = attribute.type === SIGNING_CERTIFICATE_OID ? SHA1_OID : SHA256_OID;
    let index = 0;
    if (attribute.type === SIGNING_CERTIFICATE_V2_OID && fields[0] instanceof asn1js.Sequence) {
      algorithm = new pkijs.AlgorithmIdentifier({ schema: fields[0] }).algorithmId;
      index = 1;
    }
    const certHash = fields[index];
    if (!(certHash instanceof asn1js.OctetString)) return 'The signing-certificate attribute cannot be read.';
    const digestName = ({ [SHA1_OID]: 'SHA-1', [SHA256_OID]: 'SHA-256', '2.16.840.1.101.3.4.2.2': 'SHA-384', '2.16.840.1.101.3.4.2.3': 'SHA-512' } as Record<string, string>)[algorithm];
    if (!digestName) return `The signing-certificate attribute uses an unknown hash (${algorithm}).`;
    const actual = new Uint8Array(await crypto.subtle.digest(digestName, certificate.toSchema().toBER() as BufferSource));
    return toHex(actual) === toHex(certHash.valueBlock.valueHexView) ? null : 'The token names another certificate than the one that signed it.';
  } catch {
    return 'The signing-certificate attribute cannot be read.';
  }
}

/** The authority's name: the token's `tsa` field when it is a directory name, else the signer certificate's subject. */
function tokenAuthorityName(tstInfo: pkijs.TSTInfo, signedData: pkijs.SignedData): string {
  const tsa = tstInfo.tsa;
  if (tsa?.type === 4 && tsa.value instanceof pkijs.RelativeDistinguishedNames) return distinguishedName(tsa.value);
  if (tsa && typeof tsa.value === 'string') return tsa.value;
  const sid = signedData.signerInfos[0]?.sid;
  const certificate = signedData.certificates?.find(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate && sid instanceof pkijs.IssuerAndSerialNumber && c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber),
  );
  return certificate ? distinguishedName(certificate.subject) : '';
}

const NAME_TYPES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** `O=Holdfast tests, CN=Holdfast Test TSA`, in the order the certificate lists them. */
export function distinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => {
      const block = tv.value.valueBlock as { value?: unknown };
      const text = typeof block.value === 'string' ? block.value : toHex(tv.value.valueBlock.valueHexView ?? new Uint8Array());
      return `${NAME_TYPES[tv.type] ?? tv.type}=${text}`;
    })
    .join(', ');
}

/** Certificates from PEM text (one or more blocks) or DER bytes. */
export function certificatesOf(input: string | Uint8Array): pkijs.Certificate[] {
  if (typeof input !== 'string') return [pkijs.Certificate.fromBER(input as BufferSource)];
  const blocks = [...input.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (!blocks.length) throw new TypeError('No PEM certificate found');
  return blocks.map((m) => {
    const binary = atob(m[1].replace(/\s+/g, ''));
    const der = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return pkijs.Certificate.fromBER(der as BufferSource);
  });
}

/** Minimal positive DER INTEGER content for `bytes` read as an unsigned big-endian number. */
function integerBytes(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.slice(start);
  if (trimmed.length === 0) return new Uint8Array([0]);
  return trimmed[0] & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed;
}

function bigintOf(bytes: Uint8Array): bigint {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}
