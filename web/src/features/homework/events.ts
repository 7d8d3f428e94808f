// Homework events applied to the chat state: "assignment.updated" (to the author: the new
// count) and "assignment.mine" (to the student's devices: when I handed in), both private
// and unnumbered; "assignment.closed" (numbered, to the whole chat). Each patches the
// assignment of the message wherever it is held.
import type { ChatsState, Message, RealtimeEvent, Timeline } from "../chats/types";

export const HOMEWORK_EVENTS = new Set(["assignment.updated", "assignment.mine", "assignment.closed"]);

export function applyHomeworkEvent(state: ChatsState, event: RealtimeEvent): ChatsState {
  if (!HOMEWORK_EVENTS.has(event.type)) return state;
  const d = event.data;
  const assignmentId = typeof d.assignment_id === "string" ? d.assignment_id : null;
  if (!assignmentId) return state;
  const patch =
    event.type === "assignment.closed"
      ? { closed: true }
      : event.type === "assignment.updated"
      ? {
          ...(typeof d.submitted === "number" ? { submitted: d.submitted } : {}),
          ...(typeof d.expected === "number" ? { expected: d.expected } : {}),
          ...(typeof d.closed === "boolean" ? { closed: d.closed } : {}),
        }
      : { my_submitted_at: typeof d.submitted_at === "string" ? d.submitted_at : null };
  const fix = (m: Message): Message =>
    m.assignment && m.assignment.id === assignmentId ? { ...m, assignment: { ...m.assignment, ...patch } } : m;
  let changed = false;
  const timelines: Record<string, Timeline> = {};
  for (const [chatId, tl] of Object.entries(state.timelines)) {
    const messages = patchList(tl.messages, fix);
    const tail = tl.tail ? patchList(tl.tail, fix) : tl.tail;
    if (messages !== tl.messages || tail !== tl.tail) {
      changed = true;
      timelines[chatId] = { ...tl, messages, ...(tail ? { tail } : {}) };
    } else {
      timelines[chatId] = tl;
    }
  }
  return changed ? { ...state, timelines } : state;
}

function patchList(list: Message[], fix: (m: Message) => Message): Message[] {
  let changed = false;
  const next = list.map((m) => {
    const n = fix(m);
    if (n !== m) changed = true;
    return n;
  });
  return changed ? next : list;
}
