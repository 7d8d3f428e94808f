// The card of an "assignment" message: title, deadline, state. The author sees "handed in
// 12 of 25" (live through assignment.updated), the submissions, close and the zip; a
// student hands in, sees their own work, changes or withdraws it until it is closed.
import { useEffect, useRef, useState } from "react";
import { useRuntime } from "../../app/AppShell";
import { useI18n } from "../../i18n";
import type { Message } from "../chats/types";
import { isStudent } from "../files/api";
import { submissions } from "./api";
import { HandInDialog } from "./HandInDialog";
import { assignmentState, authorProgress, studentStatus, type Assignment } from "./status";
import { SubmissionsDialog } from "./SubmissionsDialog";

export function formatWhen(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

export function AssignmentCard({ m, mine }: { m: Message; mine: boolean }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const a = m.assignment as Assignment;
  const chat = runtime.store.getState().chats[m.chat_id];
  const orgId = chat?.org_id ?? "";
  // The author manages it; the chat's moderators may look at the hand-ins too.
  const manager = mine || chat?.my_role === "owner" || chat?.my_role === "moderator";
  const [counts, setCounts] = useState<{ submitted: number; expected: number } | null>(null);
  const [student, setStudent] = useState(false);
  const [dialog, setDialog] = useState<"hand-in" | "submissions" | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const now = Date.now();

  // A message that came by a live event carries the neutral view: ask for the author's counts.
  useEffect(() => {
    if (!manager || a.submitted != null || !orgId) return;
    let live = true;
    submissions(orgId, a.id).then(
      (s) => live && setCounts({ submitted: s.submitted, expected: s.expected }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [manager, a.submitted, a.id, orgId]);

  useEffect(() => {
    if (manager || !orgId) return;
    let live = true;
    isStudent(orgId).then(
      (v) => live && setStudent(v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [manager, orgId]);

  const shown: Assignment = a.submitted == null && counts ? { ...a, ...counts } : a;
  const state = assignmentState(shown, now);
  const progress = manager ? authorProgress(shown) : null;
  const myStatus = !manager && student ? studentStatus(shown, shown.my_submitted_at, now) : null;
  const open = (which: "hand-in" | "submissions", el: HTMLButtonElement) => {
    opener.current = el;
    setDialog(which);
  };
  const close = () => {
    setDialog(null);
    opener.current?.focus();
  };

  return (
    <section className="assignment-card" aria-label={`${t("homework.label")}: ${a.title}`}>
      <p className="assignment-kicker">{t("homework.label")}</p>
      <h3 className="assignment-title">{a.title}</h3>
      <p className="assignment-meta">
        <span>{a.deadline ? t("homework.due", { date: formatWhen(a.deadline, lang) }) : t("homework.noDeadline")}</span>
        <span className={`chip tone-${state.tone}`}>{t(state.key, state.vars)}</span>
      </p>
      {progress && (
        <p className="assignment-progress" aria-live="polite" data-testid="assignment-progress">
          <strong>{t(progress.key, progress.vars)}</strong>
        </p>
      )}
      {myStatus && (
        <p className={`assignment-mine tone-${myStatus.tone}`} data-testid="assignment-mine">
          {t(myStatus.key, myStatus.vars)}
          {shown.my_submitted_at && <> · {formatWhen(shown.my_submitted_at, lang)}</>}
        </p>
      )}
      <div className="assignment-actions">
        {manager && (
          <button type="button" className="small" aria-haspopup="dialog" onClick={(e) => open("submissions", e.currentTarget)}>
            {t("homework.submissions")}
          </button>
        )}
        {myStatus && (
          <button
            type="button"
            className={shown.my_submitted_at ? "small" : "small primary"}
            aria-haspopup="dialog"
            onClick={(e) => open("hand-in", e.currentTarget)}
          >
            {shown.my_submitted_at || shown.closed ? t("homework.change") : t("homework.handIn")}
          </button>
        )}
      </div>
      {dialog === "submissions" && (
        <SubmissionsDialog
          orgId={orgId}
          assignment={shown}
          author={mine}
          onCounts={(c) => setCounts(c)}
          onClose={close}
        />
      )}
      {dialog === "hand-in" && <HandInDialog orgId={orgId} chatId={m.chat_id} assignment={shown} onClose={close} />}
    </section>
  );
}
