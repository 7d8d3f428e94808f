// The second step of signing in for accounts with two-factor authentication: the server
// answered the password (or e-mail code) with `totp_required` and a challenge; a code from
// the authenticator app (or a recovery code) finishes the sign-in.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, api, ok } from "../../api/client";
import { Alert, Field, errorText } from "../../components/ui";
import { useT } from "../../i18n";
import type { Account } from "./session";

/** The challenge of a `totp_required` answer, or null for any other error. */
export function challengeOf(err: unknown): string | null {
  if (err instanceof ApiError && err.code === "totp_required") return err.fields?.challenge ?? null;
  return null;
}

export function TotpStep({ challenge, onDone, onRestart }: { challenge: string; onDone(a: Account): void; onRestart(): void }) {
  const t = useT();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => codeRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await ok(
        api.POST("/api/v1/auth/sign-in/totp", { body: { challenge, code: code.trim(), transport: "cookie" } }),
      );
      onDone(out.account);
    } catch (err) {
      setError(errorText(t, err));
      setExpired(err instanceof ApiError && err.code === "challenge_expired");
      setCode("");
      setBusy(false);
      codeRef.current?.focus();
    }
  };

  return (
    <>
      <form onSubmit={submit} className="stack" aria-busy={busy} aria-labelledby="totp-title" noValidate>
        <h2 id="totp-title" className="totp-title">
          {t("totp.signInTitle")}
        </h2>
        <p>{t("totp.signInIntro")}</p>
        <Alert>{error}</Alert>
        <Field
          ref={codeRef}
          label={t("totp.code")}
          hint={t("totp.codeHint")}
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={40}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || expired || !code.trim()}>
          {t("totp.submit")}
        </button>
      </form>
      <div className="card-links">
        <button type="button" className="link" onClick={onRestart}>
          {t("totp.back")}
        </button>
      </div>
    </>
  );
}
