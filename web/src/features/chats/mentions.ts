// Mentions in the composer: people are written `<@ACCOUNT_ID>` on the wire (and `@all`),
// but the box shows "@Name" while typing. These pure functions find the "@…" being typed,
// suggest members, insert a chosen name, and turn names back into tokens to send (and
// tokens into names to edit).

export interface MentionPerson {
  account_id: string;
  name: string;
}

export interface MentionQuery {
  /** Index of the "@" in the text. */
  start: number;
  /** What follows the "@" up to the caret. */
  query: string;
}

const MAX_QUERY = 40;
const TOKEN = /<@([0-9A-HJKMNP-TV-Z]{26})>/g;

/** Search form of a name: case-folded, ё as е, single spaces. */
export function fold(s: string): string {
  return s.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\s+/g, " ").trim();
}

/** The "@…" the caret is in, if any: "@" at the start or after a space or bracket. */
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  const prev = at === 0 ? "" : before[at - 1];
  if (prev && !/[\s([{«"']/.test(prev)) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\n@]/.test(query) || /^\s/.test(query) || /\s{2}/.test(query)) return null;
  return { start: at, query };
}

/** Members matching what was typed: every word is the start of a word of the name. */
export function matchPeople<T extends MentionPerson>(people: readonly T[], query: string, limit = 8): T[] {
  const words = fold(query).split(" ").filter(Boolean);
  const scored: { p: T; score: number }[] = [];
  for (const p of people) {
    const nameWords = fold(p.name).split(" ");
    let ok = true;
    let score = 0;
    for (const w of words) {
      const i = nameWords.findIndex((n) => n.startsWith(w));
      if (i < 0) {
        ok = false;
        break;
      }
      score += i;
    }
    if (ok) scored.push({ p, score });
  }
  scored.sort((a, b) => a.score - b.score || a.p.name.localeCompare(b.p.name, "ru"));
  return scored.slice(0, limit).map((s) => s.p);
}

/** Replace the "@query" at `q` (ending at `caret`) by "@Name " and give the new caret. */
export function insertMention(text: string, q: MentionQuery, caret: number, label: string): { text: string; caret: number } {
  const inserted = `@${label} `;
  const after = text.slice(caret).replace(/^ /, "");
  return { text: text.slice(0, q.start) + inserted + after, caret: q.start + inserted.length };
}

/** The text to send: each "@Name" of a known person becomes `<@ID>`. People chosen from
 * the suggestions come first (they decide between two people with one name). */
export function toWire(text: string, people: readonly MentionPerson[]): string {
  const byName = new Map<string, string>();
  for (const p of people) if (p.name && !byName.has(p.name)) byName.set(p.name, p.account_id);
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);
  if (names.length === 0) return text;
  const pattern = new RegExp(`(^|[\\s([{«"'])@(${names.map(escapeRe).join("|")})(?![\\p{L}\\p{N}_])`, "gu");
  return text.replace(pattern, (_m, lead: string, name: string) => `${lead}<@${byName.get(name)}>`);
}

/** The text to edit: tokens back to "@Name" (unknown people keep the token). */
export function fromWire(body: string, names: ReadonlyMap<string, string>): string {
  return body.replace(TOKEN, (m, id: string) => {
    const name = names.get(id);
    return name ? `@${name}` : m;
  });
}

/** Account ids mentioned in a wire text. */
export function mentionedIds(body: string): string[] {
  return [...new Set([...body.matchAll(TOKEN)].map((m) => m[1] as string))];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
