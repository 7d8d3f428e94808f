// Settings → Safety (/settings/safety): the people I blocked (unblock here), and my reports
// with their status, outcome and the moderator's reply, per organisation.
import { useCallback, useEffect, useId, useState } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { usePaged, when } from "../operator/kit";
import { myBlocks, myReports, onBlocksChanged, unblock, type Block, type ReportRow } from "./api";
import { ReportCards } from "./ModerationPage";
import "../help/help.css";
import "./moderation.css";

type MyOrg = Schemas["MyOrg"];

export default function SafetySettings() {
  return (
    <>
      <Blocked />
      <MyReports />
    </>
  );
}

function Blocked() {
  const { t, lang } = useI18n();
  const [list, setList] = useState<Block[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState("");
  const load = useCallback((fresh = false) => {
    myBlocks(fresh).then(setList).catch(setError);
  }, []);
  useEffect(() => {
    load(true);
    return onBlocksChanged(() => load(true));
  }, [load]);

  const undo = async (b: Block) => {
    try {
      await unblock(b.account_id);
      setNote(t("mod.unblockedNote", { name: b.name }));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="pf-card" aria-labelledby="safety-blocked">
      <h2 id="safety-blocked">{t("mod.blockedTitle")}</h2>
      <p className="muted">{t("mod.blockedIntro")}</p>
      <p className="sr-only" role="status">
        {note}
      </p>
      {error ? <Alert>{errorText(t, error)}</Alert> : null}
      {list === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.length === 0 ? (
        <p>{t("mod.noBlocked")}</p>
      ) : (
        <ul className="mod-blocked">
          {list.map((b) => (
            <li key={b.account_id}>
              <span>
                {b.name} <span className="muted">{t("mod.blockedSince", { date: when(b.created_at, lang) })}</span>
              </span>
              <button type="button" className="small" onClick={() => void undo(b)} aria-label={`${t("mod.unblock")}: ${b.name}`}>
                {t("mod.unblock")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MyReports() {
  const { t } = useI18n();
  const [orgs, setOrgs] = useState<MyOrg[] | null>(null);
  const [orgId, setOrgId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  useEffect(() => {
    ok(api.GET("/api/v1/me/orgs"))
      .then((list) => {
        setOrgs(list);
        setOrgId((list.find((o) => o.current) ?? list[0])?.org_id ?? null);
      })
      .catch(setError);
  }, []);

  return (
    <section className="pf-card" aria-labelledby="safety-reports">
      <h2 id="safety-reports">{t("mod.myReports")}</h2>
      <p className="muted">{t("mod.myReportsIntro")}</p>
      {error ? <Alert>{errorText(t, error)}</Alert> : null}
      {orgs && orgs.length > 1 && (
        <div className="field">
          <label htmlFor={`${id}-org`}>{t("mod.org")}</label>
          <select id={`${id}-org`} value={orgId ?? ""} onChange={(e) => setOrgId(e.target.value)}>
            {orgs.map((o) => (
              <option key={o.org_id} value={o.org_id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {orgs === null ? <Spinner label={t("common.loading")} /> : orgId ? <ReportList orgId={orgId} /> : <p>{t("mod.noOrg")}</p>}
    </section>
  );
}

function ReportList({ orgId }: { orgId: string }) {
  const { t, lang } = useI18n();
  const list = usePaged<ReportRow>((cursor) => myReports(orgId, cursor), orgId);
  if (list.error) return <Alert>{errorText(t, list.error)}</Alert>;
  if (list.items === null) return <Spinner label={t("common.loading")} />;
  if (list.items.length === 0) return <p>{t("mod.noReports")}</p>;
  return (
    <>
      <ReportCards items={list.items} lang={lang} />
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {t("mod.more")}
        </button>
      )}
    </>
  );
}
