/**
 * What the injected post reader sends back about the post, comment, message or email it found,
 * and the schema the background checks it against before anything is stored. Every string here
 * was written by a web page: each is bounded, URLs are kept only when they are http(s), and
 * nothing is ever rendered as markup.
 */
import * as v from 'valibot';
import { PageReadSchema } from './page-read';

/** Caps on what a post reading may hold. */
export const POST_LIMITS = {
  /** Characters of the post's own text (the adapters cut at 100,000 already). */
  textChars: 200_000,
  fieldChars: 2_000,
  urlChars: 16_000,
  mediaUrls: 50,
  recipients: 200,
  notes: 20,
  noteChars: 500,
} as const;

/** How the element was chosen: the popup's pick mode, the right-click menu, or at the key press. */
export const TARGET_METHODS = ['picked', 'context-menu', 'hover', 'focus', 'selection'] as const;
export type TargetMethod = (typeof TARGET_METHODS)[number];

const field = v.pipe(v.string(), v.maxLength(POST_LIMITS.fieldChars));
const finite = v.pipe(v.number(), v.finite());

/** True for an absolute `http:` or `https:` URL, the only kind a post reading may carry. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const httpUrl = v.pipe(v.string(), v.maxLength(POST_LIMITS.urlChars), v.check(isHttpUrl, 'not an http(s) address'));

export const RectSchema = v.object({ x: finite, y: finite, width: v.pipe(finite, v.minValue(0)), height: v.pipe(finite, v.minValue(0)) });

export const PostFieldsSchema = v.object({
  platform: v.pipe(v.string(), v.maxLength(50)),
  kind: v.picklist(['post', 'comment', 'reply', 'message', 'email', 'article']),
  author: v.optional(
    v.object({
      displayName: v.optional(field),
      handle: v.optional(field),
      address: v.optional(field),
      accountId: v.optional(field),
      profileUrl: v.optional(httpUrl),
    }),
  ),
  postId: v.optional(field),
  permalink: v.optional(httpUrl),
  postedAt: v.optional(v.object({ iso: v.optional(field), displayed: v.optional(field) })),
  text: v.optional(v.pipe(v.string(), v.maxLength(POST_LIMITS.textChars))),
  mediaUrls: v.optional(v.pipe(v.array(httpUrl), v.maxLength(POST_LIMITS.mediaUrls))),
  inReplyTo: v.optional(v.object({ postId: v.optional(field), permalink: v.optional(httpUrl), author: v.optional(field) })),
  email: v.optional(
    v.object({
      from: v.optional(field),
      to: v.optional(v.pipe(v.array(field), v.maxLength(POST_LIMITS.recipients))),
      cc: v.optional(v.pipe(v.array(field), v.maxLength(POST_LIMITS.recipients))),
      date: v.optional(field),
      subject: v.optional(field),
      messageId: v.optional(field),
    }),
  ),
  rawSourceUrl: v.optional(httpUrl),
});

export const PostReadSchema = v.object({
  /** The element the reader started from, or null when nothing was hovered, focused or selected. */
  target: v.nullable(v.object({ method: v.picklist(TARGET_METHODS), element: v.pipe(v.string(), v.maxLength(300)) })),
  fields: v.nullable(PostFieldsSchema),
  extraction: v.object({
    adapter: v.pipe(v.string(), v.maxLength(50)),
    fellBackFrom: v.optional(v.pipe(v.string(), v.maxLength(50))),
    notes: v.pipe(v.array(v.pipe(v.string(), v.maxLength(POST_LIMITS.noteChars))), v.maxLength(POST_LIMITS.notes)),
  }),
  /** The post element's rectangle relative to the viewport at reading time, CSS pixels. */
  rect: v.nullable(RectSchema),
  /** The part of the window the post can be seen through then (cut by boxes that scroll or clip); absent: the window. */
  clip: v.optional(v.nullable(RectSchema)),
  /** The post's own text (what goes into `text.txt`). */
  text: v.pipe(v.string(), v.maxLength(POST_LIMITS.textChars)),
  textTruncated: v.boolean(),
});

export type PostRead = v.InferOutput<typeof PostReadSchema>;

/** What the post reader returns: the page as the page reader sees it, and the post (null for a full-page capture). */
export const PageAndPostSchema = v.object({ page: PageReadSchema, post: v.nullable(PostReadSchema) });
export type PageAndPost = v.InferOutput<typeof PageAndPostSchema>;

/** Validates a post reader's answer; throws a readable error naming the first bad field. */
export function parsePageAndPost(value: unknown): PageAndPost {
  const result = v.safeParse(PageAndPostSchema, value);
  if (!result.success) {
    const first = result.issues[0];
    const where = first?.path?.map((p) => String(p.key)).join('.') || 'value';
    throw new Error(`The page returned an unexpected reading (${where}: ${first?.message ?? 'invalid'})`);
  }
  return result.output;
}

/** The state of the page while it is scrolled for a stitched screenshot. */
export const ScrollStateSchema = v.object({
  scroll: v.object({ x: finite, y: finite }),
  viewport: v.object({ width: v.pipe(finite, v.minValue(0)), height: v.pipe(finite, v.minValue(0)) }),
  documentSize: v.object({ width: v.pipe(finite, v.minValue(0)), height: v.pipe(finite, v.minValue(0)) }),
  hiddenFixed: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});
export type ScrollState = v.InferOutput<typeof ScrollStateSchema>;

/** Where the post stands after the page was scrolled for one of its shots. */
export const PostShotStateSchema = v.object({
  /** The post's rectangle in the window, CSS pixels. */
  rect: RectSchema,
  /** The part of the window through which the post can be seen (cut by every box around it that scrolls or clips). */
  clip: RectSchema,
  viewport: v.object({ width: v.pipe(finite, v.minValue(0)), height: v.pipe(finite, v.minValue(0)) }),
  /** The window's own scroll position. */
  scroll: v.object({ x: finite, y: finite }),
  hiddenFixed: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});
export type PostShotState = v.InferOutput<typeof PostShotStateSchema>;

/** What the page's context answered when asked for an email's raw source. */
export const RawSourceSchema = v.union([
  v.object({
    ok: v.literal(true),
    /** The bytes, base64 (executeScript results cross as JSON). */
    base64: v.pipe(v.string(), v.maxLength(40_000_000)),
    mediaType: v.pipe(v.string(), v.maxLength(200)),
    url: httpUrl,
    /** `response` when the bytes are the response as served; `html-pre` when cut from the `<pre>` of an HTML page. */
    from: v.picklist(['response', 'html-pre']),
    responseSha256: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))),
  }),
  v.object({ ok: v.literal(false), reason: v.pipe(v.string(), v.maxLength(POST_LIMITS.noteChars)) }),
]);
export type RawSource = v.InferOutput<typeof RawSourceSchema>;

/** What the page's renderer (html2canvas-pro) answered for a post. */
export const RenderAnswerSchema = v.union([
  v.object({
    ok: v.literal(true),
    dataUrl: v.pipe(v.string(), v.maxLength(200_000_000), v.startsWith('data:image/png;base64,')),
    width: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
    height: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
    scale: v.pipe(v.number(), v.finite(), v.minValue(0)),
  }),
  v.object({ ok: v.literal(false), reason: v.pipe(v.string(), v.maxLength(POST_LIMITS.noteChars)) }),
]);

/** A serialised DOM, for browsers without `pageCapture`. */
export const DomSnapshotSchema = v.object({
  html: v.pipe(v.string(), v.maxLength(40_000_000)),
  truncated: v.boolean(),
  length: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});
export type DomSnapshot = v.InferOutput<typeof DomSnapshotSchema>;
