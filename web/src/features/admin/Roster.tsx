// Roster import: pick or drop a spreadsheet (.xlsx / .csv), check the preview row by row,
// apply it, then download the file of personal and parent links.
import { useId, useRef, useState, type DragEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert } from "../../components/ui";
import { useT } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { LoadState, StatusNote, dateTime, formError, useLang, useLoad } from "./kit";
import { outcomeReason, rowErrorText } from "./rosterErrors";

type Import = Schemas["RosterImportOut"];

export default function Roster() {
  const t = useT();
  const lang = useLang();
  const admin = useAdmin();
  const [current, setCurrent] = useState<Import | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const fileId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const history = useLoad(
    () =>
      ok(api.GET("/api/v1/orgs/{org_id}/roster-imports", { params: { path: { org_id: admin.orgId }, query: { limit: 20 } } })),
    [admin.orgId],
  );

  const upload = async (file: File) => {
    setError(null);
    setCurrent(null);
    setBusy(true);
    setNote(t("admin.roster.uploading", { name: file.name }));
    const form = new FormData();
    form.append("file", file, file.name);
    try {
      const imp = await ok(
        api.POST("/api/v1/orgs/{org_id}/roster-imports", {
          params: { path: { org_id: admin.orgId } },
          body: form as unknown as { file: string },
        }),
      );
      setCurrent(imp);
      setNote(t("admin.roster.previewReady", { ok: imp.summary.ok, errors: imp.summary.errors }));
      history.reload();
    } catch (err) {
      setError(err);
      setNote(null);
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void upload(file);
  };

  const open = async (id: string) => {
    setError(null);
    try {
      setCurrent(
        await ok(
          api.GET("/api/v1/orgs/{org_id}/roster-imports/{import_id}", {
            params: { path: { org_id: admin.orgId, import_id: id } },
          }),
        ),
      );
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="stack">
      <section aria-labelledby="roster-upload" className="adm-card">
        <h2 id="roster-upload">{t("admin.roster.uploadTitle")}</h2>
        <p>{t("admin.roster.intro")}</p>
        <div
          className={over ? "adm-drop over" : "adm-drop"}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          data-testid="roster-drop"
        >
          <p aria-hidden="true" className="adm-drop-text">
            {t("admin.roster.dropHere")}
          </p>
          <div className="field">
            <label htmlFor={fileId}>{t("admin.roster.file")}</label>
            <input
              ref={fileInput}
              id={fileId}
              type="file"
              accept=".xlsx,.csv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={`${fileId}-hint`}
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
              }}
            />
            <p className="hint" id={`${fileId}-hint`}>
              {t("admin.roster.fileHint")}
            </p>
          </div>
        </div>
        <StatusNote text={note} />
        {error ? <Alert>{formError(t, error)}</Alert> : null}
      </section>

      {current && <ImportView imp={current} onChanged={(imp) => { setCurrent(imp); history.reload(); }} />}

      <section aria-labelledby="roster-history">
        <h2 id="roster-history">{t("admin.roster.history")}</h2>
        <LoadState state={history}>
          {(page) =>
            page.items.length === 0 ? (
              <p className="muted">{t("admin.roster.noHistory")}</p>
            ) : (
              <ul className="adm-list">
                {page.items.map((i) => (
                  <li key={i.id} className="adm-item">
                    <div className="adm-item-main">
                      <p className="adm-item-title">
                        <span>{i.filename || t("admin.roster.noName")}</span>
                        <span className="adm-badge">{t(`admin.roster.status.${i.status}`)}</span>
                      </p>
                      <p className="adm-meta">
                        {dateTime(i.applied_at ?? i.created_at, lang)} ·{" "}
                        {t("admin.roster.counts", { total: i.total, ok: i.ok, errors: i.errors })}
                      </p>
                    </div>
                    <div className="adm-actions">
                      <button type="button" className="small" onClick={() => void open(i.id)}>
                        {t("admin.roster.open")}
                        <span className="sr-only">: {i.filename}</span>
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            )
          }
        </LoadState>
      </section>
    </div>
  );
}

function ImportView({ imp, onChanged }: { imp: Import; onChanged(imp: Import): void }) {
  const t = useT();
  const admin = useAdmin();
  const [createClasses, setCreateClasses] = useState(true);
  const [notify, setNotify] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const s = imp.summary;
  const applied = imp.status === "applied";
  const errorsOf = new Map(imp.rows.map((r) => [r.row, r.errors]));

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      onChanged(
        await ok(
          api.POST("/api/v1/orgs/{org_id}/roster-imports/{import_id}/apply", {
            params: { path: { org_id: admin.orgId, import_id: imp.id } },
            body: { create_missing_classes: createClasses, notify_parents: notify },
          }),
        ),
      );
      admin.reloadClasses();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="roster-preview" className="adm-card">
      <h2 id="roster-preview">
        {applied ? t("admin.roster.resultTitle") : t("admin.roster.previewTitle")}: {imp.filename}
      </h2>
      <ul className="adm-summary">
        <li>{t("admin.roster.total", { count: s.total })}</li>
        <li className="ok-text">{t("admin.roster.okRows", { count: s.ok })}</li>
        <li className={s.errors > 0 ? "err-text" : undefined}>{t("admin.roster.errorRows", { count: s.errors })}</li>
        {s.new_classes.length > 0 && <li>{t("admin.roster.newClasses", { list: s.new_classes.join(", ") })}</li>}
      </ul>
      {s.errors > 0 && !applied && <Alert kind="info">{t("admin.roster.errorsNote")}</Alert>}

      <div className="adm-table-wrap">
        <table className="adm-table">
          <caption className="sr-only">{t("admin.roster.rowsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.roster.col.row")}</th>
              <th scope="col">{t("admin.roster.col.class")}</th>
              <th scope="col">{t("admin.roster.col.name")}</th>
              <th scope="col">{t("admin.roster.col.parents")}</th>
              <th scope="col">{t("admin.roster.col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {imp.rows.map((r) => (
              <tr key={r.row} className={r.status === "error" ? "row-error" : undefined}>
                <td data-label={t("admin.roster.col.row")}>{r.row}</td>
                <td data-label={t("admin.roster.col.class")}>{r.class_label}</td>
                <td data-label={t("admin.roster.col.name")}>{r.full_name}</td>
                <td data-label={t("admin.roster.col.parents")}>{r.parent_emails.join(", ") || "—"}</td>
                <td data-label={t("admin.roster.col.status")}>
                  {r.status === "ok" ? (
                    <span className="ok-text">{t("admin.roster.rowOk")}</span>
                  ) : (
                    <span className="err-text">
                      <strong>{t("admin.roster.rowError")}:</strong> {r.errors.map((e) => rowErrorText(t, e)).join(" ")}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {!applied ? (
        <div className="stack adm-apply">
          <label className="check">
            <input type="checkbox" checked={createClasses} onChange={(e) => setCreateClasses(e.target.checked)} />
            {t("admin.roster.createClasses")}
          </label>
          <label className="check">
            <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
            {t("admin.roster.notifyParents")}
          </label>
          {error ? <Alert>{formError(t, error)}</Alert> : null}
          <div>
            <button type="button" className="primary" disabled={busy || s.ok === 0} onClick={() => void apply()}>
              {t("admin.roster.apply", { count: s.ok })}
            </button>
          </div>
        </div>
      ) : (
        imp.result && (
          <div className="stack adm-apply">
            <Alert kind="ok">
              {t("admin.roster.appliedNote", {
                created: imp.result.created,
                skipped: imp.result.skipped,
                failed: imp.result.failed,
              })}
              {imp.result.created_classes.length > 0 &&
                " " + t("admin.roster.createdClasses", { list: imp.result.created_classes.join(", ") })}
            </Alert>
            {imp.result.rows.some((r) => r.outcome !== "created") && (
              <ul className="adm-plain">
                {imp.result.rows
                  .filter((r) => r.outcome !== "created")
                  .map((r) => {
                    const why = outcomeReason(t, r, errorsOf.get(r.row));
                    return (
                      <li key={r.row}>
                        {t("admin.roster.outcomeRow", { row: r.row, name: r.full_name })}:{" "}
                        {t(`admin.roster.outcome.${r.outcome}`)}
                        {why ? ` — ${why}` : ""}
                      </li>
                    );
                  })}
              </ul>
            )}
            <p>
              <a
                className="button primary"
                href={`/api/v1/orgs/${encodeURIComponent(admin.orgId)}/roster-imports/${encodeURIComponent(imp.id)}/links.csv`}
                download
              >
                {t("admin.roster.download")}
              </a>
            </p>
            <p className="hint">{t("admin.roster.secret")}</p>
          </div>
        )
      )}
    </section>
  );
}
