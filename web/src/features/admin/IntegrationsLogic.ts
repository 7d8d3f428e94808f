// Pure helpers of the integrations pages: the example request for an incoming webhook, and
// how an outgoing webhook's deliveries and settings read in the console.

export const OUTGOING_EVENTS = [
  "message.new",
  "message.edited",
  "message.deleted",
  "member.joined",
  "member.left",
  "member.removed",
  "poll.updated",
] as const;

/** A curl command posting `text` to an incoming webhook (single quotes escaped for sh). */
export function curlExample(url: string, text: string, clientId = "homework-1"): string {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const body = JSON.stringify({ text, client_id: clientId });
  return `curl -X POST ${quote(url)} \\\n  -H 'Content-Type: application/json' \\\n  -d ${quote(body)}`;
}

/** The events a webhook sends, in the console's order (unknown ones last, as they are). */
export function orderedEvents(events: readonly string[]): string[] {
  const known = OUTGOING_EVENTS.filter((e) => events.includes(e));
  return [...known, ...events.filter((e) => !(OUTGOING_EVENTS as readonly string[]).includes(e))];
}

export interface AttemptLike {
  status_code: number | null;
  error: string;
}

/** One attempt in a word: the HTTP status the receiver answered, or what went wrong. */
export function attemptOutcome(a: AttemptLike): { ok: boolean; text: string } {
  if (a.status_code !== null && a.status_code >= 200 && a.status_code < 300) return { ok: true, text: `HTTP ${a.status_code}` };
  if (a.status_code !== null) return { ok: false, text: a.error ? `HTTP ${a.status_code}: ${a.error}` : `HTTP ${a.status_code}` };
  return { ok: false, text: a.error || "—" };
}

/** What changed between a webhook and its edited form (only those fields are sent). */
export function outgoingPatch<W extends { name: string; url: string; events: string[]; chat_ids: string[] }>(
  before: W,
  after: { name: string; url: string; events: ReadonlySet<string>; chats: ReadonlySet<string> },
): Partial<{ name: string; url: string; events: string[]; chat_ids: string[] }> {
  const out: Partial<{ name: string; url: string; events: string[]; chat_ids: string[] }> = {};
  const same = (a: readonly string[], b: ReadonlySet<string>) => a.length === b.size && a.every((x) => b.has(x));
  if (after.name.trim() !== before.name) out.name = after.name.trim();
  if (after.url.trim() !== before.url) out.url = after.url.trim();
  if (!same(before.events, after.events)) out.events = orderedEvents([...after.events]);
  if (!same(before.chat_ids, after.chats)) out.chat_ids = [...after.chats];
  return out;
}
