import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/**
 * Chinese word segmentation for search (jieba, search mode). One instance per process: loading
 * the default dictionary takes ~150 ms. HMM is off so that the same text always yields the
 * same words whether it is a whole document or a short query.
 */
let jieba: Jieba | undefined;
const instance = (): Jieba => (jieba ??= Jieba.withDict(dict));

/** Words worth indexing: letters or digits in some script; punctuation and spaces are dropped. */
const WORDY = /[\p{L}\p{N}]/u;

/** At most this much body text is segmented (longer bodies are indexed by their beginning). */
export const MAX_SEGMENTED_CHARS = 100_000;

export function segment(text: string): string[] {
  if (!text) return [];
  const input = text.length > MAX_SEGMENTED_CHARS ? text.slice(0, MAX_SEGMENTED_CHARS) : text;
  return instance()
    .cutForSearch(input, false)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0 && WORDY.test(w));
}

/** Tokens as the text fed to `to_tsvector('simple', …)`: one word per space-separated run. */
export const tokensText = (text: string): string => segment(text).join(' ');

/**
 * The query words of one query part: its search-mode words without those that merely combine
 * others (社会救助 → 社会, 救助), so a document segmented differently still matches; whether the
 * part occurs as written is then confirmed with LIKE.
 */
export function queryWords(part: string): string[] {
  const words = [...new Set(segment(part))];
  return words.filter((w) => !words.some((o) => o !== w && o.length < w.length && w.includes(o)));
}

/** Loads the dictionary now rather than on the first query. */
export function warmUp(): void {
  instance();
}
