// "+ Channel" beside the new-chat buttons (administrators). The dialog is loaded on demand.
import { lazy, Suspense, useState } from "react";
import { useI18n } from "../../i18n";

const NewChannelDialog = lazy(() => import("./ChannelDialogs").then((m) => ({ default: m.NewChannelDialog })));

export function isAdmin(roles: readonly { role: string }[]): boolean {
  return roles.some((r) => r.role === "admin");
}

export function NewChannelButton({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="small secondary" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <span aria-hidden="true">+</span> {t("channels.newChannel")}
      </button>
      {open && (
        <Suspense fallback={null}>
          <NewChannelDialog orgId={orgId} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
