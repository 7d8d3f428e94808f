// Settings → two-factor authentication (TOTP): turn it on (password, then the QR code or the
// key for the app, then a code from the app), see the recovery codes once, make new ones,
// turn it off (password and a code). Required for the operator and, where an organisation
// asks for it, for its administrators: the page says so.
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field, PasswordField, Spinner, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import "./twofactor.css";

type Status = Schemas["TotpStatus"];
type Setup = Schemas["TotpSetup"];

export function TwoFactorSection() {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(() => {
    ok(api.GET("/api/v1/me/totp"))
      .then((s) => {
        setStatus(s);
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);

  if (error && !status) return <Alert>{errorText(t, error)}</Alert>;
  if (!status) return <Spinner label={t("totp.loading")} />;

  const showCodes = (list: string[], note: string | null) => {
    setCodes(list);
    setDone(note);
    load();
  };

  return (
    <section className="pf-card" aria-labelledby="pf-totp">
      <h2 id="pf-totp" className="sr-only">
        {t("profile.section.twofactor")}
      </h2>
      <p>
        <span className={`status-pill ${status.enabled ? "ok" : "warn"}`}>{status.enabled ? t("totp.on") : t("totp.off")}</span>
      </p>
      {status.required_by.includes("operator") ? <p>{t("totp.requiredOperator")}</p> : null}
      {status.required_by.filter((r) => r !== "operator").length > 0 ? (
        <p>{t("totp.requiredOrgs", { orgs: status.required_by.filter((r) => r !== "operator").join(", ") })}</p>
      ) : null}
      {done ? <Alert kind="ok">{done}</Alert> : null}
      {codes ? (
        <RecoveryCodes codes={codes} onClose={() => setCodes(null)} />
      ) : status.enabled ? (
        <>
          <p>{t("totp.codesLeft", { count: status.recovery_codes_left })}</p>
          <NewCodes onCodes={(list) => showCodes(list, null)} />
          <TurnOff
            onDone={() => {
              setDone(t("totp.disabled"));
              load();
            }}
          />
        </>
      ) : (
        <TurnOn onCodes={(list) => showCodes(list, t("totp.enabled"))} />
      )}
    </section>
  );
}

function TurnOn({ onCodes }: { onCodes(codes: string[]): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState("");
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (setup) codeRef.current?.focus();
  }, [setup]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSetup(await ok(api.POST("/api/v1/me/totp/setup", { body: { password } })));
      setPassword("");
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await ok(api.POST("/api/v1/me/totp/confirm", { body: { code: code.trim() } }));
      onCodes(out.codes);
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  if (!setup) {
    return (
      <form className="pf-form" onSubmit={start} noValidate>
        <PasswordField
          label={t("totp.password")}
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Alert>{error}</Alert>
        <button type="submit" className="primary" disabled={busy || !password}>
          {t("totp.enable")}
        </button>
      </form>
    );
  }
  return (
    <form className="pf-form totp-setup" onSubmit={confirm} noValidate>
      <p>{t("totp.step1")}</p>
      <img className="totp-qr" src={setup.qr_data_url} alt={t("totp.qrAlt")} width={240} height={240} />
      <p>{t("totp.manual")}</p>
      <dl className="totp-keys">
        <dt>{t("totp.secret")}</dt>
        <dd>
          <code className="totp-secret">{setup.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
          <CopyButton text={setup.secret} />
        </dd>
        <dt>{t("totp.uri")}</dt>
        <dd>
          <code className="totp-uri">{setup.otpauth_uri}</code>
        </dd>
      </dl>
      <p>{t("totp.step2")}</p>
      <Field
        ref={codeRef}
        label={t("totp.code")}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={10}
        required
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <Alert>{error}</Alert>
      <div className="pf-row">
        <button type="submit" className="primary" disabled={busy || !code.trim()}>
          {t("totp.confirm")}
        </button>
        <button type="button" onClick={() => setSetup(null)}>
          {t("totp.cancel")}
        </button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onClose }: { codes: string[]; onClose(): void }) {
  const { t } = useI18n();
  const headRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headRef.current?.focus(), []);
  return (
    <div className="totp-codes">
      <h3 ref={headRef} tabIndex={-1}>
        {t("totp.codesTitle")}
      </h3>
      <p>{t("totp.codesIntro")}</p>
      <ul className="totp-code-list">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="pf-row">
        <CopyButton text={codes.join("\n")} />
        <button type="button" className="primary" onClick={onClose}>
          {t("totp.codesSaved")}
        </button>
      </div>
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" className="totp-copy" onClick={() => void copy()} aria-live="polite">
      {copied ? t("totp.copied") : t("totp.copy")}
    </button>
  );
}

function NewCodes({ onCodes }: { onCodes(codes: string[]): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await ok(api.POST("/api/v1/me/totp/recovery-codes", { body: { code: code.trim() } }));
      setCode("");
      onCodes(out.codes);
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };
  return (
    <form className="pf-form" onSubmit={submit} noValidate aria-labelledby="totp-new-codes">
      <h3 id="totp-new-codes">{t("totp.newCodes")}</h3>
      <Field
        label={t("totp.currentCode")}
        hint={t("totp.newCodesHint")}
        name="code"
        autoComplete="one-time-code"
        maxLength={40}
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <Alert>{error}</Alert>
      <button type="submit" disabled={busy || !code.trim()}>
        {t("totp.newCodes")}
      </button>
    </form>
  );
}

function TurnOff({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ok(api.POST("/api/v1/me/totp/disable", { body: { password, code: code.trim() } }));
      onDone();
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };
  return (
    <form className="pf-form" onSubmit={submit} noValidate aria-labelledby="totp-off">
      <h3 id="totp-off">{t("totp.disable")}</h3>
      <PasswordField
        label={t("totp.password")}
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Field
        label={t("totp.currentCode")}
        name="code"
        autoComplete="one-time-code"
        maxLength={40}
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <Alert>{error}</Alert>
      <button type="submit" className="danger" disabled={busy || !password || !code.trim()}>
        {t("totp.disable")}
      </button>
    </form>
  );
}
