// One application: every field, the questionnaire, the document (PDF in a frame, images as
// pictures), and approve / reject (with a required reason) in accessible dialogs.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Link } from "../../app/router";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { TextAreaField } from "../apply/formbits";
import { formatSize } from "../apply/validate";
import { Dialog, when } from "./kit";

type Detail = Schemas["ApplicationDetail"];
type Doc = NonNullable<Detail["document"]>;

const TYPE_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
};

export function ApplicationView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [app, setApp] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<"approve" | "reject" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    ok(api.GET("/api/v1/operator/applications/{application_id}", { params: { path: { application_id: id } } }))
      .then((a) => live && setApp(a))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [id]);

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  if (error) {
    return (
      <>
        <BackLink />
        <Alert>{errorText(t, error)}</Alert>
      </>
    );
  }
  if (!app) return <Spinner label={t("common.loading")} />;

  const answers = Object.entries(app.questionnaire ?? {});
  const questionLabel = (k: string) => {
    const known: Record<string, Key> = { students: "apply.students", website: "apply.website", comment: "apply.comment" };
    return known[k] ? t(known[k]) : k;
  };

  return (
    <div className="op-detail wide">
      <BackLink />
      <div className="op-detail-head">
        <h1>{app.org_name}</h1>
        <span className={`status-pill ${app.status === "approved" ? "ok" : app.status === "rejected" ? "warn" : "accent"}`}>
          {t(`op.statusOne.${app.status}` as Key)}
        </span>
      </div>
      {done && (
        <div ref={doneRef} tabIndex={-1} className="op-done">
          <Alert kind="ok">{done}</Alert>
        </div>
      )}
      {app.status === "pending" && (
        <div className="pf-row op-actions">
          <button type="button" className="primary" onClick={() => setDialog("approve")}>
            {t("op.approve")}
          </button>
          <button type="button" className="danger" onClick={() => setDialog("reject")}>
            {t("op.reject")}
          </button>
        </div>
      )}
      <div className="op-detail-grid">
        <div className="op-detail-facts">
          <section className="pf-card" aria-labelledby="op-org">
            <h2 id="op-org">{t("op.detailOrg")}</h2>
            <dl className="facts">
              <dt>{t("op.field.kind")}</dt>
              <dd>{t(`apply.kind.${app.kind}` as Key)}</dd>
              <dt>{t("op.field.region")}</dt>
              <dd>{app.region}</dd>
              <dt>{t("op.field.address")}</dt>
              <dd>{app.address}</dd>
              <dt>{t("op.field.inn")}</dt>
              <dd>{app.inn}</dd>
            </dl>
          </section>
          <section className="pf-card" aria-labelledby="op-admin">
            <h2 id="op-admin">{t("op.detailAdmin")}</h2>
            <dl className="facts">
              <dt>{t("op.field.name")}</dt>
              <dd>{app.admin_full_name}</dd>
              <dt>{t("op.field.phone")}</dt>
              <dd>
                <a href={`tel:${app.admin_phone}`}>{app.admin_phone}</a>
              </dd>
              <dt>{t("op.field.email")}</dt>
              <dd>
                <a href={`mailto:${app.admin_email}`}>{app.admin_email}</a>
              </dd>
            </dl>
          </section>
          <section className="pf-card" aria-labelledby="op-more">
            <h2 id="op-more">{t("op.detailMore")}</h2>
            {answers.length === 0 ? (
              <p className="muted">{t("op.noAnswers")}</p>
            ) : (
              <dl className="facts">
                {answers.map(([k, v]) => (
                  <div key={k} className="facts-row">
                    <dt>{questionLabel(k)}</dt>
                    <dd>{String(v)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
          <section className="pf-card" aria-labelledby="op-meta">
            <h2 id="op-meta">{t("op.detailMeta")}</h2>
            <dl className="facts">
              <dt>{t("op.field.created")}</dt>
              <dd>{when(app.created_at, lang)}</dd>
              <dt>{t("op.field.ip")}</dt>
              <dd>{app.ip || "—"}</dd>
              {app.reviewed_at && (
                <>
                  <dt>{t("op.field.reviewed")}</dt>
                  <dd>{when(app.reviewed_at, lang)}</dd>
                </>
              )}
              {app.reject_reason && (
                <>
                  <dt>{t("op.field.reason")}</dt>
                  <dd className="pre">{app.reject_reason}</dd>
                </>
              )}
              {app.org_id && (
                <>
                  <dt>{t("op.field.org")}</dt>
                  <dd>
                    <code>{app.org_id}</code>
                  </dd>
                </>
              )}
            </dl>
          </section>
        </div>
        <section className="pf-card op-doc" aria-labelledby="op-doc">
          <h2 id="op-doc">{t("op.document")}</h2>
          {app.document ? <DocumentViewer appId={app.id} doc={app.document} /> : <p className="muted">{t("op.noDocument")}</p>}
        </section>
      </div>
      {dialog === "approve" && (
        <ApproveDialog
          app={app}
          onClose={() => setDialog(null)}
          onDone={(a) => {
            setApp(a);
            setDialog(null);
            setDone(t("op.approved"));
          }}
        />
      )}
      {dialog === "reject" && (
        <RejectDialog
          app={app}
          onClose={() => setDialog(null)}
          onDone={(a) => {
            setApp(a);
            setDialog(null);
            setDone(t("op.rejected"));
          }}
        />
      )}
    </div>
  );
}

function BackLink() {
  const { t } = useI18n();
  return (
    <p className="op-back">
      <Link href="/operator/applications">
        <span aria-hidden="true">← </span>
        {t("op.back")}
      </Link>
    </p>
  );
}

/** The document through a blob: URL, so the API's download headers stay strict while PDFs and
 * images are shown inline here (the type comes from the server's sniffing, never the name). */
function DocumentViewer({ appId, doc }: { appId: string; doc: Doc }) {
  const { t, lang } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const isPdf = doc.mime === "application/pdf";
  const isImage = doc.mime.startsWith("image/");

  useEffect(() => {
    let live = true;
    let made: string | null = null;
    ok(
      api.GET("/api/v1/operator/applications/{application_id}/document", {
        params: { path: { application_id: appId } },
        parseAs: "blob",
      }),
    )
      .then((blob) => {
        if (!live) return;
        made = URL.createObjectURL(new Blob([blob as Blob], { type: isPdf || isImage ? doc.mime : "application/octet-stream" }));
        setUrl(made);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [appId, doc.mime, isPdf, isImage]);

  return (
    <>
      <p className="muted">{t("op.docMeta", { name: doc.original_name, type: TYPE_NAMES[doc.mime] ?? doc.mime, size: formatSize(doc.size, lang) })}</p>
      {failed ? (
        <Alert>{t("op.docFailed")}</Alert>
      ) : !url ? (
        <Spinner label={t("op.docLoading")} />
      ) : isPdf ? (
        <iframe className="op-doc-frame" src={url} title={t("op.docFrame", { name: doc.original_name })} />
      ) : isImage ? (
        <img className="op-doc-image" src={url} alt={t("op.docImage", { name: doc.original_name })} />
      ) : null}
      {url && (
        <p>
          <a href={url} target="_blank" rel="noopener noreferrer">
            {t("op.docOpen")}
          </a>
        </p>
      )}
    </>
  );
}

function ApproveDialog({ app, onClose, onDone }: { app: Detail; onClose(): void; onDone(a: Detail): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(
        await ok(api.POST("/api/v1/operator/applications/{application_id}/approve", { params: { path: { application_id: app.id } } })),
      );
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={t("op.approveTitle")} titleId="op-approve-title" onClose={onClose}>
      <p>{t("op.approveText", { org: app.org_name, name: app.admin_full_name, email: app.admin_email })}</p>
      <Alert>{error}</Alert>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button type="button" className="primary" onClick={() => void approve()} disabled={busy} autoFocus>
          {t("op.approveConfirm")}
        </button>
      </div>
    </Dialog>
  );
}

function RejectDialog({ app, onClose, onDone }: { app: Detail; onClose(): void; onDone(a: Detail): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setFieldError(t("op.rejectShort"));
      area.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(
        await ok(
          api.POST("/api/v1/operator/applications/{application_id}/reject", {
            params: { path: { application_id: app.id } },
            body: { reason: reason.trim() },
          }),
        ),
      );
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={t("op.rejectTitle")} titleId="op-reject-title" onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="muted">{app.org_name}</p>
        <Alert>{error}</Alert>
        <TextAreaField
          ref={area}
          label={t("op.rejectReason")}
          hint={t("op.rejectHint")}
          error={fieldError}
          rows={5}
          maxLength={2000}
          required
          aria-required="true"
          autoFocus
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            if (fieldError) setFieldError(null);
          }}
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary danger-fill" disabled={busy}>
            {t("op.rejectConfirm")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
