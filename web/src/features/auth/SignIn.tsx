// Sign in with e-mail / phone / login and password, or with a code sent by e-mail.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ok } from "../../api/client";
import { Link, navigate, useLocation } from "../../app/router";
import { Alert, CardPage, Field, PasswordField, errorText } from "../../components/ui";
import { useT } from "../../i18n";
import { safeNext, useSession, type Account } from "./session";
import { TotpStep, challengeOf } from "./TotpStep";

type Mode = "password" | "code";

export function SignIn() {
  const t = useT();
  const { query } = useLocation();
  const session = useSession();
  const next = safeNext(query.get("next"));
  const [mode, setMode] = useState<Mode>("password");
  // Set when the account has two-factor authentication: the code step replaces the forms.
  const [challenge, setChallenge] = useState<string | null>(null);

  useEffect(() => {
    if (session.status === "signed-in") navigate(next, { replace: true });
  }, [session.status, next]);

  const done = (account: Account) => {
    session.signedIn(account);
    navigate(next, { replace: true });
  };

  return (
    <CardPage title={t("signIn.title")}>
      <p className="lead">{t("signIn.intro")}</p>
      {challenge ? (
        <TotpStep challenge={challenge} onDone={done} onRestart={() => setChallenge(null)} />
      ) : mode === "password" ? (
        <PasswordForm onDone={done} onCode={() => setMode("code")} onTotp={setChallenge} />
      ) : (
        <CodeForm onDone={done} onPassword={() => setMode("password")} onTotp={setChallenge} />
      )}
      <p className="connect-school">
        {t("signIn.connectSchoolHint")} <Link href="/apply">{t("signIn.connectSchool")}</Link>
      </p>
    </CardPage>
  );
}

function PasswordForm({ onDone, onCode, onTotp }: { onDone(a: Account): void; onCode(): void; onTotp(c: string): void }) {
  const t = useT();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await ok(api.POST("/api/v1/auth/sign-in", { body: { login: login.trim(), password, transport: "cookie" } }));
      onDone(out.account);
    } catch (err) {
      const challenge = challengeOf(err);
      if (challenge) return onTotp(challenge);
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <>
      <form onSubmit={submit} className="stack" aria-busy={busy} noValidate>
        <Alert>{error}</Alert>
        <Field
          label={t("signIn.login")}
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={login}
          onChange={(e) => setLogin(e.target.value)}
        />
        <PasswordField
          label={t("signIn.password")}
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || !login || !password}>
          {busy ? t("signIn.busy") : t("signIn.submit")}
        </button>
      </form>
      <div className="card-links">
        <Link href="/reset-password">{t("signIn.forgot")}</Link>
        <button type="button" className="link" onClick={onCode}>
          {t("signIn.withCode")}
        </button>
      </div>
    </>
  );
}

function CodeForm({ onDone, onPassword, onTotp }: { onDone(a: Account): void; onPassword(): void; onTotp(c: string): void }) {
  const t = useT();
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (sent !== null) codeRef.current?.focus();
  }, [sent]);

  const request = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await ok(api.POST("/api/v1/auth/codes", { body: { email: email.trim(), purpose: "sign_in" } }));
      setSent(out.code_minutes);
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  const verify = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await ok(
        api.POST("/api/v1/auth/sign-in/code", { body: { email: email.trim(), code: code.trim(), transport: "cookie" } }),
      );
      onDone(out.account);
    } catch (err) {
      const challenge = challengeOf(err);
      if (challenge) return onTotp(challenge);
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <>
      {sent === null ? (
        <form onSubmit={request} className="stack" aria-busy={busy} noValidate>
          <Alert>{error}</Alert>
          <Field
            label={t("signIn.email")}
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || !email}>
            {t("signIn.sendCode")}
          </button>
        </form>
      ) : (
        <form onSubmit={verify} className="stack" aria-busy={busy} noValidate>
          <Alert kind="info">{t("signIn.codeSent", { minutes: sent })}</Alert>
          <Alert>{error}</Alert>
          <Field
            ref={codeRef}
            label={t("signIn.code")}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || !code}>
            {t("signIn.submitCode")}
          </button>
          <button type="button" className="link" onClick={() => setSent(null)}>
            {t("signIn.otherEmail")}
          </button>
        </form>
      )}
      <div className="card-links">
        <button type="button" className="link" onClick={onPassword}>
          {t("signIn.withPassword")}
        </button>
      </div>
    </>
  );
}
