/**
 * Site adapters: one file per site under `utils/sites/`, each finding the post, comment, message
 * or email around an element and reading its fields from the page's markup. Every field is
 * optional and filled only when the page shows it: an adapter never guesses.
 *
 * Adapters run inside the captured page (bundled into the injected reader), so they are plain DOM
 * code with no imports from the extension's runtime, and they must never throw.
 */

export type PostKind = 'post' | 'comment' | 'reply' | 'message' | 'email' | 'article';

export interface PostAuthor {
  /** The name shown, e.g. "Marta Ruiz". */
  displayName?: string;
  /** The handle as shown, e.g. "@marta_r" or "u/marta_r". */
  handle?: string;
  /** Email address (webmail) or other address-like identity. */
  address?: string;
  /** The platform's stable account id when the markup exposes one (numeric id, DID, user id). */
  accountId?: string;
  /** Absolute URL of the author's profile. */
  profileUrl?: string;
}

export interface PostTime {
  /** Machine-readable time as the page gives it (ISO 8601 from a `datetime` attribute, epoch converted). */
  iso?: string;
  /** The time exactly as displayed to the person, e.g. "2h" or "Nov 29". */
  displayed?: string;
}

export interface EmailFields {
  from?: string;
  to?: string[];
  cc?: string[];
  /** The date as the webmail shows it (machine-readable if present, else as displayed). */
  date?: string;
  subject?: string;
  /** The RFC 5322 Message-ID or the provider's own message id when that is all it shows. */
  messageId?: string;
}

export interface PostFields {
  /** Adapter id, e.g. `x`, `gmail`, `generic`. */
  platform: string;
  kind: PostKind;
  author?: PostAuthor;
  /** The platform's id for this post or message. */
  postId?: string;
  /** Absolute URL that opens this post or message on its own. */
  permalink?: string;
  postedAt?: PostTime;
  /** The post's own text only, never its neighbours'. */
  text?: string;
  /** Absolute URLs of images and videos in the post. */
  mediaUrls?: string[];
  /** The post this one answers, when the page shows it. */
  inReplyTo?: { postId?: string; permalink?: string; author?: string };
  email?: EmailFields;
  /** Where the raw message source ("show original") can be fetched for the signed-in user. */
  rawSourceUrl?: string;
}

/** What extraction says about itself, recorded in metadata.json. */
export interface ExtractionReport {
  /** The adapter that produced the fields. */
  adapter: string;
  /** Set when the site's own adapter did not match the markup and the generic one was used. */
  fellBackFrom?: string;
  /** Plain-words notes, e.g. "selectors for the author did not match". */
  notes: string[];
}

export interface SiteAdapter {
  /** Short stable id: `x`, `facebook`, `gmail` … also used as `platform`. */
  id: string;
  /** Human name for reports: "X (Twitter)", "Gmail". */
  name: string;
  /** True for the pages of this site (host and, if needed, path). */
  matches(url: URL): boolean;
  /**
   * The element of the post/comment/message/email that contains `target` (the element under
   * the pointer, focused, or selected), or null when `target` is not inside one.
   */
  findPost(target: Element): Element | null;
  /** Reads the fields of a post element found by `findPost`. Returns null if it cannot. */
  extract(post: Element, pageUrl: URL): PostFields | null;
}
