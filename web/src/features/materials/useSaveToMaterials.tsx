// "Save to materials" for the chat's message actions: offered to verified staff and
// administrators (only they may add to a library), the dialog loaded when first opened.
// Both functions keep their identity, so learning my roles does not re-render every
// message of the chat: the menu asks `allowed()` when it opens.
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { myRoles } from "../files/api";
import { isVerifiedStaff } from "../chats/NewChat";
import type { Message } from "../chats/types";

const SaveToMaterials = lazy(() => import("./SaveToMaterials"));

export function useSaveToMaterials(orgId: string): {
  open(m: Message): void;
  allowed(): boolean;
  dialog: ReactNode;
} {
  const staff = useRef(false);
  const [message, setMessage] = useState<Message | null>(null);
  useEffect(() => {
    let live = true;
    staff.current = false;
    myRoles(orgId).then(
      (roles) => {
        if (live) staff.current = isVerifiedStaff(roles);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [orgId]);
  const open = useCallback((m: Message) => setMessage(m), []);
  const allowed = useCallback(() => staff.current, []);
  const dialog = message?.attachments?.length ? (
    <Suspense fallback={null}>
      <SaveToMaterials orgId={orgId} attachments={message.attachments} onClose={() => setMessage(null)} />
    </Suspense>
  ) : null;
  return { open, allowed, dialog };
}
