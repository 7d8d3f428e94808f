// Password reset: from the e-mailed link (/reset-password?email=&code=) or by asking for a code.
import { useState, type FormEvent } from "react";
import { api, ok } from "../../api/client";
import { Link, useLocation } from "../../app/router";
import { Alert, CardPage, Field, PasswordField, errorText } from "../../components/ui";
import { useT } from "../../i18n";

export function ResetPassword() {
  const t = useT();
  const { query } = useLocation();
  const fromLink = Boolean(query.get("email") && query.get("code"));
  const [email, setEmail] = useState(query.get("email") ?? "");
  const [code, setCode] = useState(query.get("code") ?? "");
  const [stage, setStage] = useState<"request" | "set" | "done">(fromLink ? "set" : "request");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const mismatch = repeat.length > 0 && password !== repeat;

  const request = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await ok(api.POST("/api/v1/auth/codes", { body: { email: email.trim(), purpose: "password_reset" } }));
      setInfo(t("signIn.codeSent", { minutes: out.code_minutes }));
      setStage("set");
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) {
      setError(t("reset.mismatch"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await ok(
        api.POST("/api/v1/auth/password-reset", {
          body: { email: email.trim(), code: code.trim(), new_password: password },
        }),
      );
      setStage("done");
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  if (stage === "done") {
    return (
      <CardPage title={t("reset.title")}>
        <Alert kind="ok">{t("reset.done")}</Alert>
        <p>
          <Link className="button primary" href="/sign-in">
            {t("reset.toSignIn")}
          </Link>
        </p>
      </CardPage>
    );
  }

  if (stage === "request") {
    return (
      <CardPage title={t("reset.requestTitle")}>
        <p className="lead">{t("reset.requestIntro")}</p>
        <form onSubmit={request} className="stack" aria-busy={busy} noValidate>
          <Alert>{error}</Alert>
          <Field
            label={t("signIn.email")}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || !email}>
            {t("reset.send")}
          </button>
        </form>
        <div className="card-links">
          <Link href="/sign-in">{t("reset.toSignIn")}</Link>
        </div>
      </CardPage>
    );
  }

  return (
    <CardPage title={t("reset.title")}>
      <form onSubmit={save} className="stack" aria-busy={busy} noValidate>
        <Alert kind="info">{info}</Alert>
        <Alert>{error}</Alert>
        <Field
          label={t("signIn.email")}
          type="email"
          autoComplete="username"
          readOnly={fromLink}
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        {!fromLink && (
          <Field
            label={t("reset.code")}
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
        <PasswordField
          label={t("reset.newPassword")}
          hint={t("reset.hint")}
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <PasswordField
          label={t("reset.repeat")}
          autoComplete="new-password"
          required
          error={mismatch ? t("reset.mismatch") : null}
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || !password || !repeat || !code}>
          {t("reset.submit")}
        </button>
      </form>
      <div className="card-links">
        <Link href="/sign-in">{t("reset.toSignIn")}</Link>
      </div>
    </CardPage>
  );
}
