// Small building blocks shared by the screens: labelled fields, alerts, page frames.
import { useId, useState, type InputHTMLAttributes, type ReactNode, type Ref } from "react";
import { ApiError } from "../api/client";
import { LANGS, LANG_NAMES, useI18n, useT, type Key, type T } from "../i18n";

/** The translated sentence for a server error code (a generic one for unknown codes). */
export function codeText(t: T, code: string): string {
  const key = `error.${code}` as Key;
  const text = t(key);
  return text === key ? t("error.generic") : text;
}

/** A person-friendly sentence for any error (server codes are translated). */
export function errorText(t: T, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.isNetwork) return t("error.network");
    let text = codeText(t, err.code);
    if (err.retryAfter && err.status === 429) text += " " + t("error.retryIn", { seconds: err.retryAfter });
    return text;
  }
  return t("error.generic");
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: string | undefined;
  error?: string | null | undefined;
  ref?: Ref<HTMLInputElement>;
}

export function Field({ label, hint, error, id, ref, ...input }: FieldProps) {
  const auto = useId();
  const fid = id ?? auto;
  const hintId = hint ? `${fid}-hint` : undefined;
  const errId = error ? `${fid}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={fid}>{label}</label>
      <input
        ref={ref}
        id={fid}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errId}>
          {error}
        </p>
      )}
    </div>
  );
}

export function PasswordField(props: Omit<FieldProps, "type">) {
  const t = useT();
  const [shown, setShown] = useState(false);
  const auto = useId();
  const id = props.id ?? auto;
  return (
    <div className="password">
      <Field {...props} id={id} type={shown ? "text" : "password"} />
      <label className="check small">
        <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />
        {t("signIn.showPassword")}
      </label>
    </div>
  );
}

export function Alert({ children, kind = "error" }: { children: ReactNode; kind?: "error" | "info" | "ok" }) {
  if (!children) return null;
  return (
    <div className={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** The centred card of the screens before the app (sign in, reset, invitation). */
export function CardPage({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const t = useT();
  return (
    <div className="card-page">
      <header className="card-brand">
        <Logo />
        <span>{t("app.name")}</span>
      </header>
      <main id="main" className={wide ? "card wide" : "card"} tabIndex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
      <LanguageFooter />
    </div>
  );
}

export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="var(--accent)" />
      <path d="M18 46V18h28v28h-7V25H25v21z" fill="var(--on-accent)" />
    </svg>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

function LanguageFooter() {
  const { t, lang, setLang } = useI18n();
  return (
    <footer className="card-footer">
      <span className="sr-only">{t("settings.language")}:</span>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="link"
          aria-pressed={l === lang}
          onClick={() => setLang(l)}
        >
          {LANG_NAMES[l]}
        </button>
      ))}
    </footer>
  );
}
