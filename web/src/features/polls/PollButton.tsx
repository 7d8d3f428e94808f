// The composer's "Poll" button: opens the new poll dialog.
import { useState } from "react";
import { createPortal } from "react-dom";
import { useT } from "../../i18n";
import type { Chat } from "../chats/types";
import { PollDialog } from "./PollDialog";

export function PollButton({ chat }: { chat: Chat }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="ghost icon-button poll-button"
        aria-label={t("polls.action")}
        title={t("polls.action")}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M5 20V11M12 20V4M19 20v-6" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        </svg>
      </button>
      {/* Outside the composer's <form>: forms must not nest. */}
      {open && createPortal(<PollDialog chat={chat} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
