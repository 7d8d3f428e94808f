// The operator console's suggestions (/operator/suggestions): ideas from members of every
// organisation by status; the operator sets the status and may answer the author.
import { useId, useState, type FormEvent } from "react";
import { Link, useLocation } from "../../app/router";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { usePaged } from "../operator/kit";
import { SUGGESTION_STATUSES, decide, platformSuggestions, type PlatformSuggestion, type SuggestionStatus } from "./api";
import { when } from "./Thread";
import "./help.css";

type Filter = SuggestionStatus | "all";
const FILTERS: Filter[] = [...SUGGESTION_STATUSES, "all"];

export default function OperatorSuggestions() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const raw = query.get("status") ?? "new";
  const filter: Filter = (FILTERS as string[]).includes(raw) ? (raw as Filter) : "new";
  const [counts, setCounts] = useState<Record<string, number>>({});
  const list = usePaged<PlatformSuggestion>(
    (cursor) =>
      platformSuggestions(filter === "all" ? null : filter, cursor).then((page) => {
        setCounts(page.counts);
        return page;
      }),
    filter,
  );
  const total = SUGGESTION_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return (
    <>
      <h1>{t("help.op.suggestions")}</h1>
      <nav aria-label={t("help.statusFilter")}>
        <ul className="help-tabs">
          {FILTERS.map((f) => (
            <li key={f}>
              <Link
                href={f === "new" ? "/operator/suggestions" : `/operator/suggestions?status=${f}`}
                aria-current={f === filter ? "page" : undefined}
              >
                {t(f === "all" ? "help.filter.all" : (`help.sstatus.${f}` as Key))} ({f === "all" ? total : (counts[f] ?? 0)})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="help-empty">{t("help.noSuggestions")}</p>
      ) : (
        <ul className="help-cards">
          {list.items.map((s) => (
            <SuggestionCard key={s.id} s={s} lang={lang} />
          ))}
        </ul>
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {t("help.more")}
        </button>
      )}
    </>
  );
}

function SuggestionCard({ s, lang }: { s: PlatformSuggestion; lang: "ru" | "en" }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<SuggestionStatus>(s.status);
  const [reply, setReply] = useState(s.reply);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const id = useId();
  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await decide(s.id, status, reply);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <li className="help-card">
      <div className="help-card-main">
        <h2 className="help-card-title">{s.title}</h2>
        <p className="muted help-card-sub">
          {s.author.name} · {s.org_name} · <time dateTime={s.created_at}>{when(s.created_at, lang)}</time>
        </p>
        {s.body && <p className="help-card-text">{s.body}</p>}
        <form className="help-decide" onSubmit={(ev) => void save(ev)}>
          <div className="field">
            <label htmlFor={`${id}-s`}>{t("help.statusLabel")}</label>
            <select id={`${id}-s`} value={status} onChange={(ev) => setStatus(ev.target.value as SuggestionStatus)}>
              {SUGGESTION_STATUSES.map((x) => (
                <option key={x} value={x}>
                  {t(`help.sstatus.${x}` as Key)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-r`}>{t("help.op.answer")}</label>
            <textarea id={`${id}-r`} rows={2} maxLength={4000} value={reply} onChange={(ev) => setReply(ev.target.value)} />
          </div>
          <button type="submit" disabled={busy}>
            {t("help.op.save")}
          </button>
          {saved && <span role="status">{t("help.op.saved")}</span>}
        </form>
        {error !== null && <Alert>{errorText(t, error)}</Alert>}
      </div>
    </li>
  );
}
