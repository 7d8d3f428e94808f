// One item: what it is, its description, open or download it, and share it into a chat.
import { useEffect, useRef, useState } from "react";
import { Link } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { useLoad } from "../admin/kit";
import { item as loadItem } from "./api";
import { ItemOpen, StatusPill } from "./ItemParts";
import { gradesLabel, languageLabel, subjectLabel } from "./labels";
import { ShareDialog } from "./ShareDialog";

export function ItemView({ id, orgId }: { id: string; orgId: string }) {
  const { t, lang } = useI18n();
  const state = useLoad(() => loadItem(id), [id]);
  const [sharing, setSharing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.data) heading.current?.focus();
  }, [state.data?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const it = state.data;
  if (state.error && !it) {
    return (
      <div className="stack">
        <Alert>{errorText(t, state.error)}</Alert>
        <p>
          <Link href="/catalogue">{t("cat.backToList")}</Link>
        </p>
      </div>
    );
  }
  if (!it) {
    return (
      <p className="loading" role="status">
        {t("common.loading")}
      </p>
    );
  }
  const date = (iso: string | null | undefined) =>
    iso ? new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date(iso)) : "";
  return (
    <article className="cat-detail" aria-labelledby="cat-item-h">
      <p>
        <Link href="/catalogue">
          <span aria-hidden="true">← </span>
          {t("cat.backToList")}
        </Link>
      </p>
      <h2 id="cat-item-h" ref={heading} tabIndex={-1}>
        {it.title}
      </h2>
      {it.status !== "verified" && (
        <p>
          <StatusPill status={it.status} />
        </p>
      )}
      {it.status === "rejected" && it.reject_reason && (
        <Alert kind="info">{t("cat.rejectedBecause", { reason: it.reject_reason })}</Alert>
      )}
      <dl className="cat-facts">
        <dt>{t("cat.subject")}</dt>
        <dd>{subjectLabel(t, it.subject, it.subject_name)}</dd>
        <dt>{t("cat.grades")}</dt>
        <dd>{gradesLabel(t, it.grades)}</dd>
        <dt>{t("cat.language")}</dt>
        <dd>{languageLabel(t, it.language)}</dd>
        <dt>{t("cat.source")}</dt>
        <dd>{it.by_operator ? t("cat.byOperator") : t("cat.byTeacher")}</dd>
        {it.status === "verified" && it.reviewed_at && (
          <>
            <dt>{t("cat.verifiedOn")}</dt>
            <dd>{date(it.reviewed_at)}</dd>
          </>
        )}
        {it.kind === "file" && it.file && (
          <>
            <dt>{t("cat.kind.file")}</dt>
            <dd className="cat-filename">{it.file.name}</dd>
          </>
        )}
        {it.kind === "link" && it.url && (
          <>
            <dt>{t("cat.kind.link")}</dt>
            <dd className="cat-filename">{it.url}</dd>
          </>
        )}
      </dl>
      {it.description && <p className="cat-description">{it.description}</p>}
      <Alert>{error ? errorText(t, error) : null}</Alert>
      <div className="cat-actions">
        <ItemOpen item={it} fresh={() => loadItem(id)} onError={setError} />
        {it.status === "verified" && (
          <button type="button" className="primary" aria-haspopup="dialog" onClick={() => setSharing(true)}>
            {t("cat.share")}
          </button>
        )}
      </div>
      {it.status === "verified" && <p className="hint">{t("cat.shareHint")}</p>}
      {sharing && <ShareDialog orgId={orgId} item={it} onClose={() => setSharing(false)} />}
    </article>
  );
}
