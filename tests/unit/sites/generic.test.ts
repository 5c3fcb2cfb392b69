// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { generic } from '../../../utils/sites/generic';
import { elementWithText, HOSTILE, loadFixture, must } from './fixture';

const BLOG = new URL('https://blog.example.net/2026/03/02/what-happened-at-the-lot/');
const FORUM = new URL('https://forum.example.org/t/someone-keeps-showing-up-at-my-parking-lot/4512');

describe('generic adapter on a blog with JSON-LD and threaded comments', () => {
  it('reads the main article, filling gaps from OpenGraph and JSON-LD', () => {
    loadFixture('generic/blog-jsonld.html');
    const post = generic.findPost(elementWithText(document.body, 'same row every Tuesday'));
    expect(post).toBe(must('#post-881'));
    expect(generic.extract(post as Element, BLOG)).toEqual({
      platform: 'generic',
      kind: 'article',
      author: { displayName: 'Jordan Pike', profileUrl: 'https://blog.example.net/author/jordan/' },
      postId: 'post-881',
      permalink: 'https://blog.example.net/2026/03/02/what-happened-at-the-lot/',
      postedAt: { iso: '2026-03-02T18:30:00-05:00', displayed: 'March 2, 2026' },
      text: 'Some people think they can ignore you forever. A.M. parks in the same row every Tuesday.\n\nRow D, 8:05 am.\n\nWe will talk, one way or another.',
      mediaUrls: ['https://blog.example.net/wp-content/uploads/2026/03/lot-4-1024x683.jpg'],
    });
  });

  it('takes the date from JSON-LD only when the article shows none', () => {
    loadFixture('generic/blog-jsonld.html');
    must('.entry-meta').remove();
    must('meta[property="article:published_time"]').remove();
    const fields = generic.extract(must('#post-881'), BLOG);
    expect(fields?.postedAt).toEqual({ iso: '2026-03-02T18:30:00-05:00' });
    expect(fields?.permalink).toBe('https://blog.example.net/2026/03/02/what-happened-at-the-lot/');
  });

  it('reads the second post, a comment, without page-level facts or its reply', () => {
    loadFixture('generic/blog-jsonld.html');
    const post = generic.findPost(elementWithText(document.body, 'Take this down'));
    expect(post).toBe(must('#div-comment-12'));
    expect(generic.extract(post as Element, BLOG)).toEqual({
      platform: 'generic',
      kind: 'comment',
      author: { displayName: 'Alex Morgan', profileUrl: 'https://alexmorgan.example.org/' },
      postId: 'div-comment-12',
      permalink: 'https://blog.example.net/2026/03/02/what-happened-at-the-lot/#comment-12',
      postedAt: { iso: '2026-03-03T07:58:11-05:00', displayed: 'March 3, 2026 at 7:58 am' },
      text: 'Take this down. I have reported it.',
    });
  });

  it('gives a reply the comment it answers', () => {
    loadFixture('generic/blog-jsonld.html');
    const post = generic.findPost(must('#div-comment-13 img.avatar'));
    expect(post).toBe(must('#div-comment-13'));
    expect(generic.extract(post as Element, BLOG)).toEqual({
      platform: 'generic',
      kind: 'reply',
      author: { displayName: 'Jordan Pike', profileUrl: 'https://blog.example.net/' },
      postId: 'div-comment-13',
      permalink: 'https://blog.example.net/2026/03/02/what-happened-at-the-lot/#comment-13',
      postedAt: { iso: '2026-03-03T08:20:45-05:00', displayed: 'March 3, 2026 at 8:20 am' },
      text: 'Reported to who? See you Tuesday.',
      mediaUrls: ['https://blog.example.net/wp-content/uploads/2026/03/coat.jpg'],
      inReplyTo: {
        postId: 'div-comment-12',
        permalink: 'https://blog.example.net/2026/03/02/what-happened-at-the-lot/#comment-12',
        author: 'Alex Morgan',
      },
    });
  });

  it('returns a hostile author name as plain text, unchanged', () => {
    loadFixture('generic/blog-jsonld.html');
    must('#div-comment-12 .fn a').textContent = HOSTILE;
    const fields = generic.extract(must('#div-comment-12'), BLOG);
    expect(fields?.author?.displayName).toBe(HOSTILE);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });
});

describe('generic adapter on a forum thread', () => {
  it('reads the second post of the thread and not its neighbours', () => {
    loadFixture('generic/forum-thread.html');
    const post = generic.findPost(elementWithText(document.body, 'likes the view'));
    expect(post).toBe(must('#post_2'));
    expect(generic.extract(post as Element, FORUM)).toEqual({
      platform: 'generic',
      kind: 'comment',
      author: { displayName: 'jp_watcher', profileUrl: 'https://forum.example.org/u/jp_watcher' },
      postId: 'post_2',
      postedAt: { iso: '2026-03-02T23:47:12Z', displayed: 'March 2, 2026, 11:47pm' },
      text: 'Maybe he just likes the view. Row D is nice on Tuesdays.',
      mediaUrls: ['https://forum.example.org/uploads/default/original/2X/7/lot-4.jpeg'],
      inReplyTo: { permalink: 'https://forum.example.org/t/someone-keeps-showing-up-at-my-parking-lot/4512' },
    });
  });

  it('finds the opening post by its place among timed siblings', () => {
    loadFixture('generic/forum-thread.html');
    const post = generic.findPost(elementWithText(document.body, 'A man I used to date'));
    expect(post).toBe(must('#post_1'));
    const fields = generic.extract(post as Element, FORUM);
    expect(fields?.author).toEqual({ displayName: 'alexm', profileUrl: 'https://forum.example.org/u/alexm' });
    expect(fields?.text).toBe('A man I used to date keeps turning up where I park. What can I do?');
    expect(fields?.kind).toBe('post');
    expect(fields?.inReplyTo).toBeUndefined();
  });

  it('never climbs to the body: text outside any post finds nothing', () => {
    loadFixture('generic/forum-thread.html');
    expect(generic.findPost(must('#topic-title h1'))).toBeNull();
    expect(generic.findPost(document.body)).toBeNull();
  });
});

describe('generic adapter on plain markup', () => {
  /** A page with only this body: no head facts left over from earlier fixtures. */
  function setPage(body: string): void {
    document.head.innerHTML = '';
    document.body.innerHTML = body;
  }

  it('falls back to a lone li/div holding a time, and resolves relative links', () => {
    setPage(
      '<div id="wall"><div class="msg" data-post-id="m-77"><a rel="author" href="/u/kd">K. D.</a>' +
      '<a href="/m/77"><time datetime="2026-02-27T10:00:00Z">Feb 27</time></a><p>you again</p></div></div>',
    );
    const post = generic.findPost(elementWithText(document.body, 'you again'));
    expect(post).toBe(must('.msg'));
    expect(generic.extract(post as Element, new URL('https://board.example.com/wall'))).toEqual({
      platform: 'generic',
      kind: 'post',
      author: { displayName: 'K. D.', profileUrl: 'https://board.example.com/u/kd' },
      postId: 'm-77',
      permalink: 'https://board.example.com/m/77',
      postedAt: { iso: '2026-02-27T10:00:00Z', displayed: 'Feb 27' },
      text: 'you again',
    });
  });

  it('drops javascript: and data: links', () => {
    setPage(
      '<article><a rel="author" href="javascript:alert(1)">Mallory</a><time datetime="2026-01-01">x</time>' +
      '<img src="data:image/png;base64,AAAA"><p>hi</p></article>',
    );
    const fields = generic.extract(must('article'), new URL('https://example.com/'));
    expect(fields?.author).toEqual({ displayName: 'Mallory' });
    expect(fields?.mediaUrls).toBeUndefined();
  });
});
