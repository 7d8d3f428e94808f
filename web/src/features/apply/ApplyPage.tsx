// The public application form (/apply): a school asks to join Parta. Every field of
// POST /applications, checked here first and then by the server (per-field errors from the
// 422 `fields`), the document by drag and drop or the file picker, upload progress, and a
// calm confirmation page.
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { upload } from "../../api/upload";
import { Link } from "../../app/router";
import { Alert, CardPage, Field, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { SelectField, TextAreaField } from "./formbits";
import {
  DOCUMENT_ACCEPT,
  DOCUMENT_MAX_MB,
  KINDS,
  TEXT_FIELDS,
  checkDocument,
  checkFields,
  formatSize,
  type FieldName,
  type TextField,
} from "./validate";
import "./apply.css";

type Values = Record<TextField, string>;
type Errors = Partial<Record<FieldName, string>>;

const EMPTY: Values = {
  org_name: "",
  kind: "school",
  region: "",
  address: "",
  inn: "",
  admin_full_name: "",
  admin_phone: "",
  admin_email: "",
};

// The order in which invalid fields are focused (the order on the page).
const ORDER: FieldName[] = [...TEXT_FIELDS, "questionnaire", "document"];

export function ApplyPage() {
  const { t } = useI18n();
  const [sentTo, setSentTo] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${sentTo ? t("apply.doneTitle") : t("apply.title")} — ${t("app.name")}`;
    return () => {
      document.title = t("app.name");
    };
  }, [sentTo, t]);
  if (sentTo) return <Done email={sentTo} onAnother={() => setSentTo(null)} />;
  return <ApplyForm onSent={setSentTo} />;
}

function Done({ email, onAnother }: { email: string; onAnother(): void }) {
  const { t } = useI18n();
  useEffect(() => {
    document.getElementById("main")?.focus();
  }, []);
  return (
    <CardPage title={t("apply.doneTitle")}>
      <div className="apply-done">
        <span className="apply-done-mark" aria-hidden="true">
          ✓
        </span>
        <p>{t("apply.doneText", { email })}</p>
        <p className="muted">{t("apply.doneNext")}</p>
      </div>
      <div className="card-links">
        <Link href="/sign-in">{t("apply.toSignIn")}</Link>
        <button type="button" className="link" onClick={onAnother}>
          {t("apply.another")}
        </button>
      </div>
    </CardPage>
  );
}

function ApplyForm({ onSent }: { onSent(email: string): void }) {
  const { t, lang } = useI18n();
  const [values, setValues] = useState<Values>(EMPTY);
  const [students, setStudents] = useState("");
  const [website, setWebsite] = useState("");
  const [comment, setComment] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const busy = progress !== null;

  const set = (name: TextField) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
    if (errors[name]) setErrors(({ [name]: _, ...rest }) => rest);
  };

  const docError = (f: File | null): string | undefined => {
    const problem = checkDocument(f);
    if (problem === "missing") return t("apply.err.document");
    if (problem === "type") return t("apply.wrongType");
    if (problem === "size") return t("apply.tooBig", { mb: DOCUMENT_MAX_MB });
    return undefined;
  };

  const choose = (f: File | null) => {
    setFile(f);
    const problem = f ? docError(f) : undefined;
    setErrors(({ document: _, ...rest }) => (problem ? { ...rest, document: problem } : rest));
  };

  const focusFirst = (errs: Errors) => {
    const first = ORDER.find((f) => errs[f]);
    if (!first) return;
    const el = formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`);
    el?.focus();
  };

  const show = (errs: Errors) => {
    setErrors(errs);
    const n = Object.keys(errs).length;
    setSummary(n ? t("apply.fixErrors", { count: n }) : null);
    focusFirst(errs);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const errs: Errors = {};
    for (const [k, key] of Object.entries(checkFields(values))) errs[k as TextField] = t(key as Key);
    const d = docError(file);
    if (d) errs.document = d;
    if (Object.keys(errs).length) return show(errs);

    const questionnaire: Record<string, string | number> = {};
    const count = Number(students.replace(/\s+/g, ""));
    if (students.trim() && Number.isFinite(count)) questionnaire.students = count;
    if (website.trim()) questionnaire.website = website.trim();
    if (comment.trim()) questionnaire.comment = comment.trim();

    const form = new FormData();
    for (const f of TEXT_FIELDS) form.append(f, values[f].trim());
    form.append("questionnaire", JSON.stringify(questionnaire));
    form.append("document", file as File, (file as File).name);
    setSummary(null);
    setErrors({});
    setProgress(0);
    try {
      await upload<{ id: string; status: string }>("/api/v1/applications", form, {
        onProgress: (p) => setProgress(p),
      });
      onSent(values.admin_email.trim().toLowerCase());
    } catch (err) {
      setProgress(null);
      if (err instanceof ApiError && err.code === "invalid_application" && err.fields) {
        const fromServer: Errors = {};
        for (const name of Object.keys(err.fields)) {
          const f = (ORDER as string[]).includes(name) ? (name as FieldName) : null;
          if (f) fromServer[f] = t(`apply.err.${f}` as Key);
        }
        if (Object.keys(fromServer).length) return show(fromServer);
      }
      if (err instanceof ApiError && err.code === "unsupported_file_type") {
        return show({ document: t("apply.wrongType") });
      }
      if (err instanceof ApiError && err.status === 413) {
        return show({ document: t("apply.tooBig", { mb: DOCUMENT_MAX_MB }) });
      }
      setSummary(errorText(t, err));
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) choose(f);
  };

  const text = (name: TextField, label: string, hint?: string, extra: Record<string, unknown> = {}) => (
    <Field
      label={label}
      hint={hint}
      name={name}
      value={values[name]}
      onChange={set(name)}
      error={errors[name]}
      required
      aria-required="true"
      {...extra}
    />
  );
  const optional = (label: string) => `${label} (${t("common.optional")})`;

  return (
    <CardPage title={t("apply.title")} wide>
      <p className="lead">{t("apply.intro")}</p>
      <form ref={formRef} className="stack apply-form" onSubmit={submit} noValidate aria-busy={busy}>
        <Alert>{summary}</Alert>
        <p className="hint">{t("apply.required")}</p>

        <fieldset className="apply-group">
          <legend>{t("apply.orgSection")}</legend>
          {text("org_name", t("apply.orgName"), t("apply.orgNameHint"), { autoComplete: "organization" })}
          <SelectField
            label={t("apply.kind")}
            name="kind"
            value={values.kind}
            onChange={set("kind")}
            error={errors.kind}
            required
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`apply.kind.${k}` as Key)}
              </option>
            ))}
          </SelectField>
          {text("region", t("apply.region"), t("apply.regionHint"), { autoComplete: "address-level1" })}
          {text("address", t("apply.address"), t("apply.addressHint"), { autoComplete: "street-address" })}
          {text("inn", t("apply.inn"), t("apply.innHint"), { inputMode: "numeric", autoComplete: "off", maxLength: 14 })}
        </fieldset>

        <fieldset className="apply-group">
          <legend>{t("apply.adminSection")}</legend>
          <p className="hint">{t("apply.adminIntro")}</p>
          {text("admin_full_name", t("apply.adminName"), undefined, { autoComplete: "name" })}
          {text("admin_phone", t("apply.adminPhone"), t("apply.adminPhoneHint"), { type: "tel", autoComplete: "tel" })}
          {text("admin_email", t("apply.adminEmail"), t("apply.adminEmailHint"), {
            type: "email",
            autoComplete: "email",
            autoCapitalize: "none",
            spellCheck: false,
          })}
        </fieldset>

        <fieldset className="apply-group">
          <legend>{t("apply.docSection")}</legend>
          <div className="field">
            <label htmlFor="apply-document">{t("apply.document")}</label>
            <p className="hint" id="apply-document-hint">
              {t("apply.documentHint", { mb: DOCUMENT_MAX_MB })}
            </p>
            <div
              className={`dropzone${dragging ? " over" : ""}${errors.document ? " invalid" : ""}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <input
                ref={fileRef}
                id="apply-document"
                className="file-input"
                type="file"
                name="document"
                accept={DOCUMENT_ACCEPT}
                aria-required="true"
                aria-invalid={errors.document ? true : undefined}
                aria-describedby={`apply-document-hint${file ? " apply-document-chosen" : ""}${errors.document ? " apply-document-err" : ""}`}
                onChange={(e) => choose(e.target.files?.[0] ?? null)}
              />
              <label htmlFor="apply-document" className="button file-pick">
                <span aria-hidden="true">{t("apply.choose")}</span>
              </label>
              <span className="muted" aria-hidden="true">
                {t("apply.drop")}
              </span>
            </div>
            {file && (
              <div className="file-chosen">
                <span id="apply-document-chosen">
                  {t("apply.chosen", { name: file.name, size: formatSize(file.size, lang) })}
                </span>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    choose(null);
                    setErrors(({ document: _, ...rest }) => rest);
                    if (fileRef.current) fileRef.current.value = "";
                    fileRef.current?.focus();
                  }}
                >
                  {t("apply.remove")}
                </button>
              </div>
            )}
            {errors.document && (
              <p className="field-error" id="apply-document-err">
                {errors.document}
              </p>
            )}
          </div>
        </fieldset>

        <fieldset className="apply-group">
          <legend>{t("apply.moreSection")}</legend>
          <Field
            label={optional(t("apply.students"))}
            name="students"
            inputMode="numeric"
            value={students}
            onChange={(e) => setStudents(e.target.value.replace(/[^\d\s]/g, ""))}
            maxLength={9}
          />
          <Field
            label={optional(t("apply.website"))}
            name="website"
            type="url"
            autoComplete="url"
            value={website}
            onChange={(e) => setWebsite(e.target.value)}
            maxLength={500}
          />
          <TextAreaField
            label={optional(t("apply.comment"))}
            name="comment"
            rows={3}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={500}
            error={errors.questionnaire}
          />
        </fieldset>

        <p className="hint">{t("apply.privacy")}</p>
        {busy && (
          <div className="upload-progress">
            <progress max={100} value={Math.round((progress ?? 0) * 100)} aria-labelledby="apply-progress" />
            <span id="apply-progress" role="status">
              {t("apply.sending", { percent: Math.round((progress ?? 0) * 100) })}
            </span>
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t("apply.submit")}
        </button>
      </form>
      <div className="card-links">
        <Link href="/sign-in">{t("apply.toSignIn")}</Link>
      </div>
    </CardPage>
  );
}
