// Drafts per chat: kept in memory at once and saved to the server (PUT …/me {draft}) a
// moment after the typing stops, so other devices and the chat list show them. One timer
// per chat; flush() saves everything waiting (leaving a chat, closing the tab).

export interface DraftSaverDeps {
  save(chatId: string, text: string): void;
  schedule(fn: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

export const DRAFT_DELAY_MS = 1200;

export class DraftSaver {
  private readonly timers = new Map<string, unknown>();
  private readonly waiting = new Map<string, string>();
  /** The last text the server has (or was sent) per chat. */
  private readonly saved = new Map<string, string>();

  constructor(
    private readonly deps: DraftSaverDeps,
    private readonly delayMs = DRAFT_DELAY_MS,
  ) {}

  /** What the server already holds (from the chat list): no need to save it again. */
  known(chatId: string, text: string): void {
    if (!this.waiting.has(chatId)) this.saved.set(chatId, text);
  }

  /** The text changed: save it after a pause in typing. */
  change(chatId: string, text: string): void {
    const timer = this.timers.get(chatId);
    if (timer !== undefined) this.deps.cancel(timer);
    if ((this.saved.get(chatId) ?? "") === text) {
      this.timers.delete(chatId);
      this.waiting.delete(chatId);
      return;
    }
    this.waiting.set(chatId, text);
    this.timers.set(
      chatId,
      this.deps.schedule(() => this.flushOne(chatId), this.delayMs),
    );
  }

  /** Save now whatever is waiting (for one chat, or all). */
  flush(chatId?: string): void {
    const ids = chatId ? [chatId] : [...this.waiting.keys()];
    for (const id of ids) {
      const timer = this.timers.get(id);
      if (timer !== undefined) this.deps.cancel(timer);
      this.flushOne(id);
    }
  }

  private flushOne(chatId: string): void {
    this.timers.delete(chatId);
    const text = this.waiting.get(chatId);
    if (text === undefined) return;
    this.waiting.delete(chatId);
    if ((this.saved.get(chatId) ?? "") === text) return;
    this.saved.set(chatId, text);
    this.deps.save(chatId, text);
  }
}
