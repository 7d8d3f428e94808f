// Who has confirmed an important message and who has not: people, or families in a class's
// parents' chat (the child and the parents; one parent's confirmation counts for all).
// Refreshes while open when the counts change (ack.updated).
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useRuntime } from "../../app/AppShell";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { Message } from "../chats/types";
import { whenLabel } from "../polls/PollCard";
import { csvUrl, report, type AckReport } from "./api";
import "./acks.css";

export function AckDetails({ m, onClose }: { m: Message; onClose(): void }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [data, setData] = useState<AckReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    report(runtime, m)
      .then((r) => {
        setData(r);
        setError(null);
      })
      .catch((err: unknown) => setError(errorText(t, err)));
  }, [runtime, m, t]);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    load();
  }, [load]);

  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.type === "ack.updated" && e.data.message_id === m.id && typeof e.data.confirmed === "number") load();
      }),
    [runtime, m.id, load],
  );

  const when = (iso: string | null | undefined) => (iso ? whenLabel(iso, lang) : "");
  const slip = data?.question != null;
  // A slip's answer and comment (who answered and when is on the line above it).
  const said = (a: { answer?: string | null; comment?: string; confirmed_at?: string | null }) =>
    slip && a.confirmed_at ? (
      <span className="ack-sub">
        <span className={a.answer === "yes" ? "ack-answer-yes" : "ack-answer-no"}>{a.answer === "yes" ? t("slips.yes") : t("slips.no")}</span>
        {a.comment ? <span className="ack-comment">{` — ${a.comment}`}</span> : null}
      </span>
    ) : null;
  const doneTitle = (count: number) => t(slip ? "slips.answeredList" : "acks.confirmedList", { count });
  const leftTitle = (count: number) => t(slip ? "slips.pendingList" : "acks.pendingList", { count });

  let body = null;
  if (data) {
    if (data.by_family) {
      const done = data.families.filter((f) => f.confirmed_at);
      const left = data.families.filter((f) => !f.confirmed_at);
      const family = (f: AckReport["families"][number]) => (
        <li key={`${f.child_name}|${f.parents.join(",")}`} className="ack-row">
          <span className="ack-name">{f.child_name || f.parents.join(", ")}</span>
          <span className="ack-sub">{f.parents.length ? t("acks.parents", { names: f.parents.join(", ") }) : t("acks.noParents")}</span>
          {f.confirmed_at && (
            <span className="ack-sub ok">{t(slip ? "slips.answeredBy" : "acks.confirmedBy", { name: f.confirmed_by ?? "", when: when(f.confirmed_at) })}</span>
          )}
          {said(f)}
        </li>
      );
      body = (
        <>
          <p className="hint">{t(slip ? "slips.byFamily" : "acks.byFamily")}</p>
          <h3 id={`${id}-done`}>{doneTitle(done.length)}</h3>
          {done.length ? <ul className="ack-list" aria-labelledby={`${id}-done`}>{done.map(family)}</ul> : <p className="muted">{t("acks.nobody")}</p>}
          <h3 id={`${id}-left`}>{leftTitle(left.length)}</h3>
          {left.length ? <ul className="ack-list" aria-labelledby={`${id}-left`}>{left.map(family)}</ul> : <p className="muted">{t("acks.nobody")}</p>}
        </>
      );
    } else {
      const done = data.people.filter((p) => p.confirmed_at);
      const left = data.people.filter((p) => !p.confirmed_at);
      const person = (p: AckReport["people"][number]) => (
        <li key={p.account_id} className="ack-row">
          <span className="ack-name">{p.name}</span>
          {p.confirmed_at && <span className="ack-sub ok">{t("acks.confirmedAt", { when: when(p.confirmed_at) })}</span>}
          {said(p)}
        </li>
      );
      body = (
        <>
          <h3 id={`${id}-done`}>{doneTitle(done.length)}</h3>
          {done.length ? <ul className="ack-list" aria-labelledby={`${id}-done`}>{done.map(person)}</ul> : <p className="muted">{t("acks.nobody")}</p>}
          <h3 id={`${id}-left`}>{leftTitle(left.length)}</h3>
          {left.length ? <ul className="ack-list" aria-labelledby={`${id}-left`}>{left.map(person)}</ul> : <p className="muted">{t("acks.nobody")}</p>}
        </>
      );
    }
  }

  return (
    <dialog ref={ref} className="dialog wide-dialog ack-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>{t(m.ack?.question ? "slips.dialogTitle" : "acks.dialogTitle")}</h2>
      <blockquote className="msg-quote">
        <span className="msg-quote-text">{data?.question ?? m.ack?.question ?? m.body.slice(0, 200)}</span>
      </blockquote>
      {data && (
        <p className="ack-count" aria-live="polite">
          {slip
            ? t("slips.counts", { yes: data.yes ?? 0, no: data.no ?? 0, none: data.no_answer ?? 0 })
            : t(data.by_family ? "acks.countFamilies" : "acks.countPeople", { confirmed: data.confirmed, count: data.total })}
        </p>
      )}
      <Alert>{error}</Alert>
      {!data && !error && <p className="muted">{t("common.loading")}</p>}
      {body}
      <form method="dialog" className="dialog-actions">
        <a className="button ghost" href={csvUrl(runtime, m)} download>
          {t("slips.download")}
        </a>
        <button type="submit">{t("common.close")}</button>
      </form>
    </dialog>
  );
}
