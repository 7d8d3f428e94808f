// A person's safety actions on their card (the chat's member list): report them, block or
// unblock them. A small disclosure menu; the result is announced in a polite live region.
import { useEffect, useId, useState } from "react";
import { errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { block, myBlocks, onBlocksChanged, unblock } from "./api";
import { ReportDialog } from "./ReportDialog";
import "./moderation.css";

/** Whether I blocked `accountId` (kept in step with block and unblock anywhere). */
export function useBlocked(accountId: string): boolean | null {
  const [blocked, setBlocked] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    const load = (fresh = false) =>
      myBlocks(fresh)
        .then((list) => live && setBlocked(list.some((b) => b.account_id === accountId)))
        .catch(() => live && setBlocked(null));
    void load();
    const off = onBlocksChanged(() => void load(true));
    return () => {
      live = false;
      off();
    };
  }, [accountId]);
  return blocked;
}

export function PersonActions({ orgId, accountId, name }: { orgId: string; accountId: string; name: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const blocked = useBlocked(accountId);
  const menuId = useId();

  const toggleBlock = async () => {
    if (!blocked && !window.confirm(t("mod.blockConfirm", { name }))) return;
    setBusy(true);
    try {
      if (blocked) {
        await unblock(accountId);
        setNote(t("mod.unblockedNote", { name }));
      } else {
        await block(accountId);
        setNote(t("mod.blockedNote", { name }));
      }
      setOpen(false);
    } catch (err) {
      setNote(errorText(t, err));
    }
    setBusy(false);
  };

  return (
    <span className="mod-person">
      {blocked && <span className="chip">{t("mod.blockedBadge")}</span>}
      <button
        type="button"
        className="small ghost"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t("mod.personActions", { name })}
        onClick={() => setOpen((v) => !v)}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <span className="mod-person-menu" id={menuId} role="group" aria-label={t("mod.personActions", { name })}>
          <button
            type="button"
            className="small"
            aria-haspopup="dialog"
            onClick={() => {
              setOpen(false);
              setReporting(true);
            }}
          >
            {t("mod.reportPerson")}
          </button>
          <button type="button" className="small danger" disabled={busy || blocked === null} onClick={() => void toggleBlock()}>
            {blocked ? t("mod.unblock") : t("mod.block")}
          </button>
        </span>
      )}
      <span className="sr-only" role="status">
        {note}
      </span>
      {note && (
        <span className="mod-person-note muted" aria-hidden="true">
          {note}
        </span>
      )}
      {reporting && (
        <ReportDialog orgId={orgId} target={{ kind: "person", accountId, name }} onClose={() => setReporting(false)} />
      )}
    </span>
  );
}
