/**
 * Facts read from a capture's own files, for search, filters and the people list: the platform,
 * the post fields a site adapter recorded in `metadata.json` (under `post`), the author's account,
 * and the page text from `text.txt`. The files were written from a hostile page: every value is
 * checked against a schema and kept as text.
 */
import * as v from 'valibot';
import type { HoldfastDb } from '../db/database';
import type { CaptureFacts } from '../db/log-records';
import type { EvidenceCodec } from '../db/evidence-codec';
import type { ArtifactRef, CaptureRecord } from '../db/records';
import { accountOf } from '../people/accounts';
import type { PostFields } from '../sites/types';

const str = v.pipe(v.string(), v.maxLength(100_000));
const strList = v.pipe(v.array(str), v.maxLength(1000));
const POST_SCHEMA = v.object({
  platform: v.pipe(v.string(), v.maxLength(200)),
  kind: v.picklist(['post', 'comment', 'reply', 'message', 'email', 'article']),
  author: v.optional(
    v.object({
      displayName: v.optional(str),
      handle: v.optional(str),
      address: v.optional(str),
      accountId: v.optional(str),
      profileUrl: v.optional(str),
    }),
  ),
  postId: v.optional(str),
  permalink: v.optional(str),
  postedAt: v.optional(v.object({ iso: v.optional(str), displayed: v.optional(str) })),
  text: v.optional(str),
  mediaUrls: v.optional(strList),
  inReplyTo: v.optional(v.object({ postId: v.optional(str), permalink: v.optional(str), author: v.optional(str) })),
  email: v.optional(
    v.object({
      from: v.optional(str),
      to: v.optional(strList),
      cc: v.optional(strList),
      date: v.optional(str),
      subject: v.optional(str),
      messageId: v.optional(str),
    }),
  ),
  rawSourceUrl: v.optional(str),
});

/** Text indexed per capture, in characters; the rest of a longer page is not searchable. */
export const INDEXED_TEXT_LIMIT = 200_000;

/** The post fields in a parsed `metadata.json`, or undefined when it has none (or they are malformed). */
export function postFieldsIn(metadata: unknown): PostFields | undefined {
  if (!metadata || typeof metadata !== 'object' || !('post' in metadata)) return undefined;
  const parsed = v.safeParse(POST_SCHEMA, (metadata as { post: unknown }).post);
  return parsed.success ? (parsed.output as PostFields) : undefined;
}

/** The facts of one capture from its record and the parsed `metadata.json` (if any). */
export function factsFrom(capture: CaptureRecord, metadata: unknown): CaptureFacts {
  const post = postFieldsIn(metadata);
  const account = post ? accountOf(post) : undefined;
  return {
    captureId: capture.id,
    pressedAt: capture.pressedAt,
    platform: post?.platform && post.platform !== 'generic' ? post.platform : capture.summary.site || 'unknown',
    ...(account ? { account, accountKey: account.key } : {}),
    ...(post ? { post } : {}),
  };
}

/**
 * Reads the bytes of one artifact of a capture as text, or '' when it is missing. `preloaded`
 * holds blobs already read (by SHA-256), to read a batch in one transaction.
 */
export async function artifactText(
  db: HoldfastDb,
  capture: CaptureRecord,
  role: 'text' | 'metadata',
  limit = Infinity,
  preloaded?: Map<string, Blob>,
  codec?: EvidenceCodec,
): Promise<string> {
  const ref = capture.artifacts.find((a) => a.role === role);
  if (!ref) return '';
  const found = preloaded?.get(ref.sha256) ?? (codec ? await openedBlob(db, codec, capture.id, ref) : (await db.blobs.get(ref.sha256))?.data);
  if (!found) return '';
  const data = found.size > limit * 4 ? found.slice(0, limit * 4) : found;
  const text = await blobText(data);
  return text.length > limit ? text.slice(0, limit) : text;
}

/** Parsed `metadata.json` of a capture, or undefined. */
export async function readMetadata(db: HoldfastDb, capture: CaptureRecord, preloaded?: Map<string, Blob>, codec?: EvidenceCodec): Promise<unknown> {
  const text = await artifactText(db, capture, 'metadata', Infinity, preloaded, codec);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The bytes of an artifact of an opened capture through the codec (sealed or clear), as a Blob;
 * undefined when they cannot be read now (locked, missing, changed): a reader then shows less,
 * never something else.
 */
export async function openedBlob(db: HoldfastDb, codec: EvidenceCodec, captureId: string, ref: ArtifactRef): Promise<Blob | undefined> {
  try {
    return new Blob([(await codec.openArtifact(db, captureId, ref)) as BlobPart], { type: ref.mediaType });
  } catch {
    return undefined;
  }
}

function blobText(blob: Blob): Promise<string> {
  if (typeof blob.text === 'function') return blob.text();
  return new Response(blob).text();
}
