// The form of a catalogue item, for a teacher's submission and the operator's new item:
// title, subject, grades, description, language, and a file or a link.
import { useId, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n, type T } from "../../i18n";
import { SelectField, useLoad } from "../admin/kit";
import { formatSize } from "../files/format";
import { sendItem, subjects, type Item } from "./api";
import { GRADES, gradesField } from "./grades";
import { LANGUAGES, languageLabel, subjectLabel } from "./labels";

type FieldName = "title" | "subject" | "grades" | "description" | "language" | "url" | "file";

function fieldErrors(t: T, err: unknown): Partial<Record<FieldName, string>> {
  if (!(err instanceof ApiError)) return {};
  if (err.code === "invalid_url") return { url: t("error.invalid_url") };
  if (err.code !== "invalid_item" || !err.fields) return {};
  const out: Partial<Record<FieldName, string>> = {};
  for (const name of Object.keys(err.fields)) {
    const key = `cat.form.err.${name}` as Parameters<T>[0];
    const text = t(key);
    out[name as FieldName] = text === key ? t("mat.fieldInvalid") : text;
  }
  return out;
}

export function ItemForm<R extends Item>({
  orgId,
  submitLabel,
  onDone,
  onCancel,
}: {
  /** The organisation of a teacher's submission; null for the operator's new item. */
  orgId: string | null;
  submitLabel: string;
  onDone(item: R): void;
  onCancel?: () => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const subjectList = useLoad(() => subjects(), []);
  const [title, setTitle] = useState("");
  const [subject, setSubject] = useState("");
  const [grades, setGrades] = useState<Set<number>>(new Set());
  const [description, setDescription] = useState("");
  const [language, setLanguage] = useState("ru");
  const [source, setSource] = useState<"file" | "link">("file");
  const [url, setUrl] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<Partial<Record<FieldName, string>>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // What the browser cannot check by itself (a group of boxes, a file or a link).
    const local: Partial<Record<FieldName, string>> = {};
    if (grades.size === 0) local.grades = t("cat.form.err.grades");
    if (source === "file" && !file) local.file = t("cat.form.err.file");
    if (source === "link" && !url.trim()) local.url = t("cat.form.err.url");
    setMissing(local);
    if (Object.keys(local).length) return;
    const form = new FormData();
    form.append("title", title.trim());
    form.append("subject", subject);
    form.append("grades", gradesField(grades));
    form.append("description", description);
    form.append("language", language);
    if (source === "file" && file) form.append("file", file, file.name);
    else form.append("url", url.trim());
    setError(null);
    setProgress(0);
    try {
      onDone(await sendItem<R>(orgId, form, { onProgress: setProgress }));
    } catch (err) {
      setError(err);
    }
    setProgress(null);
  };

  const errs = { ...fieldErrors(t, error), ...missing };
  const formError =
    error && !(error instanceof ApiError && (error.code === "invalid_item" || error.code === "invalid_url"))
      ? errorText(t, error)
      : Object.keys(errs).length
        ? t("cat.form.check")
        : null;
  const busy = progress !== null;

  return (
    <form className="cat-form" onSubmit={(e) => void submit(e)}>
      <Field
        label={t("cat.form.title")}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={200}
        required
        error={errs.title}
      />
      <SelectField
        label={t("cat.subject")}
        value={subject}
        required
        onChange={(e) => setSubject(e.target.value)}
        error={errs.subject ?? null}
      >
        <option value="">{t("cat.form.chooseSubject")}</option>
        {(subjectList.data ?? []).map((s) => (
          <option key={s.code} value={s.code}>
            {subjectLabel(t, s.code, s.name)}
          </option>
        ))}
      </SelectField>
      <fieldset
        className="cat-grades"
        aria-describedby={errs.grades ? `${id}-grades-err` : undefined}
        aria-invalid={errs.grades ? true : undefined}
      >
        <legend>{t("cat.form.grades")}</legend>
        <div className="cat-grade-boxes">
          {GRADES.map((g) => (
            <label key={g} className="check">
              <input
                type="checkbox"
                checked={grades.has(g)}
                onChange={(e) =>
                  setGrades((cur) => {
                    const next = new Set(cur);
                    if (e.target.checked) next.add(g);
                    else next.delete(g);
                    return next;
                  })
                }
              />
              {t("cat.gradeOption", { grade: g })}
            </label>
          ))}
        </div>
        {errs.grades && (
          <p className="field-error" id={`${id}-grades-err`}>
            {errs.grades}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-desc`}>
          {t("cat.form.description")} <span className="muted">({t("common.optional")})</span>
        </label>
        <textarea
          id={`${id}-desc`}
          rows={5}
          maxLength={4000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={errs.description ? true : undefined}
        />
      </div>
      <SelectField label={t("cat.language")} value={language} onChange={(e) => setLanguage(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {languageLabel(t, l)}
          </option>
        ))}
      </SelectField>
      <fieldset className="choice">
        <legend>{t("cat.form.source")}</legend>
        <label className="check">
          <input type="radio" name={`${id}-source`} checked={source === "file"} onChange={() => setSource("file")} />
          {t("cat.form.sourceFile")}
        </label>
        <label className="check">
          <input type="radio" name={`${id}-source`} checked={source === "link"} onChange={() => setSource("link")} />
          {t("cat.form.sourceLink")}
        </label>
      </fieldset>
      {source === "file" ? (
        <div className="field">
          <label htmlFor={`${id}-file`}>{t("cat.form.file")}</label>
          <input
            id={`${id}-file`}
            type="file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            aria-invalid={errs.file ? true : undefined}
            aria-describedby={errs.file ? `${id}-file-err` : undefined}
          />
          {file && (
            <p className="hint">
              {t("cat.form.fileChosen", { name: file.name, size: formatSize(file.size, lang) })}
            </p>
          )}
          {errs.file && (
            <p className="field-error" id={`${id}-file-err`}>
              {errs.file}
            </p>
          )}
        </div>
      ) : (
        <Field
          label={t("mat.field.url")}
          hint={t("mat.field.urlHint")}
          type="url"
          inputMode="url"
          value={url}
          maxLength={2000}
          onChange={(e) => setUrl(e.target.value)}
          error={errs.url}
        />
      )}
      {busy && (
        <progress className="upload-progress" max={1} value={progress ?? 0} aria-label={t("cat.form.sending")} />
      )}
      <Alert>{formError}</Alert>
      <div className="dialog-actions cat-form-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("cat.form.sending") : submitLabel}
        </button>
      </div>
    </form>
  );
}
