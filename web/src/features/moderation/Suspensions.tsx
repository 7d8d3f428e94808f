// Members suspended after a report, and giving their access back (administrators).
import { useCallback, useEffect, useState } from "react";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { ViewHeading } from "../help/kit";
import { when } from "../operator/kit";
import { liftSuspension, suspensions, type Suspension } from "./api";

export function Suspensions({ orgId }: { orgId: string }) {
  const { t, lang } = useI18n();
  const [list, setList] = useState<Suspension[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState("");
  const load = useCallback(() => {
    suspensions(orgId).then(setList).catch(setError);
  }, [orgId]);
  useEffect(load, [load]);

  const lift = async (s: Suspension) => {
    if (!window.confirm(t("mod.sus.liftConfirm", { name: s.person.name }))) return;
    try {
      await liftSuspension(orgId, s.id);
      setNote(t("mod.done"));
      load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <ViewHeading>{t("mod.sus.title")}</ViewHeading>
      <p className="sr-only" role="status">
        {note}
      </p>
      {error ? <Alert>{errorText(t, error)}</Alert> : null}
      {list === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.length === 0 ? (
        <p className="help-empty">{t("mod.sus.none")}</p>
      ) : (
        <ul className="help-cards">
          {list.map((s) => (
            <li key={s.id} className="help-card">
              <div className="help-card-main">
                <p className="help-card-title">{s.person.name}</p>
                <p className="muted help-card-sub">{t("mod.sus.by", { by: s.created_by.name, when: when(s.created_at, lang) })}</p>
                {s.reason && <p className="help-card-text">{s.reason}</p>}
              </div>
              <div className="help-card-side">
                <button type="button" onClick={() => void lift(s)}>
                  {t("mod.sus.lift")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
