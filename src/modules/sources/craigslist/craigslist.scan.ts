// Finding things in a whole page. A regular expression that starts with `<`, `\b` or a character class is
// tried at every position of a 26 KB page (20–30 µs each, a dozen of them per posting); indexOf skips to a
// literal part first. Each helper here answers exactly what the regular expression it replaces answered.

/** The first match of `sticky` (a regex with the `y` flag) starting where `literal` occurs, or null. */
export function execAt(html: string, literal: string, sticky: RegExp): RegExpExecArray | null {
  for (let at = html.indexOf(literal); at >= 0; at = html.indexOf(literal, at + 1)) {
    sticky.lastIndex = at;
    const m = sticky.exec(html);
    if (m) return m;
  }
  return null;
}

const WORD = /\w/;

/** Where `needle` first occurs with no word character before it (as `\bneedle` would find it), or -1. */
export function indexOfWord(html: string, needle: string, from = 0): number {
  let at = html.indexOf(needle, from);
  while (at > 0 && WORD.test(html[at - 1]!)) at = html.indexOf(needle, at + 1);
  return at;
}

/**
 * Where the earliest opening tag that starts with `open` ("<section") and holds `attribute` (`id="x"`, as
 * `\b` would find it) begins: what `html.search(/<section[^>]*\bid="x"/)` returns, found from the attribute.
 */
export function tagWith(html: string, open: string, attribute: string): number {
  for (let at = indexOfWord(html, attribute); at >= 0; at = indexOfWord(html, attribute, at + 1)) {
    const close = html.lastIndexOf('>', at);
    let start = -1;
    // The earliest `open` after the last '>' before the attribute: every one of them starts a match.
    for (let s = html.lastIndexOf(open, at); s > close; s = s > 0 ? html.lastIndexOf(open, s - 1) : -1)
      start = s;
    if (start >= 0) return start;
  }
  return -1;
}
