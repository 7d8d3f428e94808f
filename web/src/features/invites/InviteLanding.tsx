// The invitation landing /invite/:token: what the link offers, then register (or, for a
// primary-grade pupil, register through a parent's code) or join with one's account.
import { useEffect, useState, type FormEvent } from "react";
import { ApiError, api, ok, type Schemas } from "../../api/client";
import { Link, navigate } from "../../app/router";
import { Alert, CardPage, Field, PasswordField, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useSession } from "../auth/session";

type Landing = Schemas["Landing"];
type Policy = Schemas["PolicyOut"];
type Joined = Schemas["JoinedMembership"];
type Pending = Schemas["RegistrationPending"];

export function InviteLanding({ token }: { token: string }) {
  const { t } = useI18n();
  const session = useSession();
  const [landing, setLanding] = useState<Landing | null>(null);
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [joined, setJoined] = useState<Joined | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (session.status === "loading") return;
    let live = true;
    Promise.all([
      ok(api.GET("/api/v1/invite/{token}", { params: { path: { token } } })),
      ok(api.GET("/api/v1/policy")),
    ])
      .then(([l, p]) => {
        if (!live) return;
        setLanding(l);
        setPolicy(p);
      })
      .catch((err: unknown) => live && setLoadError(errorText(t, err)));
    return () => {
      live = false;
    };
  }, [token, session.status, reload, t]);

  if (loadError) {
    return (
      <CardPage title={t("invite.title")}>
        <Alert>{loadError}</Alert>
        <p>
          <Link href="/">{t("notFound.home")}</Link>
        </p>
      </CardPage>
    );
  }
  if (!landing || !policy) {
    return (
      <CardPage title={t("invite.title")}>
        <Spinner label={t("common.loading")} />
      </CardPage>
    );
  }
  if (joined) return <JoinedCard org={landing.org.name} joined={joined} />;

  const policyChanged = () => setReload((n) => n + 1);
  return (
    <CardPage title={t("invite.heading", { org: landing.org.name })} wide>
      <InviteFacts landing={landing} />
      {landing.warning && <Alert kind="info">{warningText(t, landing.warning)}</Alert>}
      {session.status === "signed-in" && session.account ? (
        <JoinForm
          token={token}
          name={session.account.display_name}
          landing={landing}
          policy={policy}
          onJoined={setJoined}
          onPolicyChanged={policyChanged}
        />
      ) : (
        <NewOrExisting token={token} landing={landing} policy={policy} onJoined={setJoined} onPolicyChanged={policyChanged} />
      )}
    </CardPage>
  );
}

function warningText(t: (k: Key) => string, w: Schemas["LandingWarning"]): string {
  const key = `error.${w.code}` as Key;
  const text = t(key);
  return text === key ? w.message : text;
}

function InviteFacts({ landing }: { landing: Landing }) {
  const { t, lang } = useI18n();
  const date = landing.expires_at
    ? new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" }).format(new Date(landing.expires_at))
    : null;
  return (
    <>
      <dl className="facts">
        <dt>{t("invite.role")}</dt>
        <dd>{t(`role.${landing.role}` as Key)}</dd>
        {landing.class_label && (
          <>
            <dt>{t("invite.class")}</dt>
            <dd>{landing.class_label}</dd>
          </>
        )}
        {landing.group_name && (
          <>
            <dt>{t("invite.group")}</dt>
            <dd>{landing.group_name}</dd>
          </>
        )}
        {landing.for_person && (
          <>
            <dt>{t("invite.for")}</dt>
            <dd>{landing.kind === "parent" ? t("invite.parentOf", { name: landing.for_person }) : landing.for_person}</dd>
          </>
        )}
        {date && (
          <>
            <dt>{t("invite.expires")}</dt>
            <dd>{date}</dd>
          </>
        )}
      </dl>
      {landing.primary_grade && <Alert kind="info">{t("invite.primary")}</Alert>}
    </>
  );
}

function Consent({
  policy,
  checked,
  onChange,
  parent,
}: {
  policy: Policy;
  checked: boolean;
  onChange(v: boolean): void;
  parent?: boolean;
}) {
  const { t, lang } = useI18n();
  const text = lang === "en" ? policy.text_en : policy.text_ru;
  return (
    <div className="consent">
      <details>
        <summary>{t("invite.policy")}</summary>
        <div className="policy-text">
          {text.split(/\n{2,}/).map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
      </details>
      <label className="check">
        <input type="checkbox" required checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {parent ? t("invite.consentParent") : t("invite.consent")}
      </label>
    </div>
  );
}

interface FlowProps {
  token: string;
  landing: Landing;
  policy: Policy;
  onJoined(j: Joined): void;
  onPolicyChanged(): void;
}

function JoinForm({ token, name, landing, policy, onJoined, onPolicyChanged }: FlowProps & { name: string }) {
  const { t } = useI18n();
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onJoined(
        await ok(
          api.POST("/api/v1/invite/{token}/join", {
            params: { path: { token } },
            body: { consent, policy_version: landing.policy_version },
          }),
        ),
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === "policy_changed") onPolicyChanged();
      setError(errorText(t, err));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="stack" aria-busy={busy} noValidate>
      <p>{t("invite.signedInAs", { name })}</p>
      <Alert>{error}</Alert>
      <Consent policy={policy} checked={consent} onChange={setConsent} />
      <button type="submit" className="primary" disabled={busy || !consent}>
        {t("invite.joinWithMine")}
      </button>
    </form>
  );
}

function NewOrExisting(props: FlowProps) {
  const { t } = useI18n();
  const [mode, setMode] = useState<"new" | "existing">("new");
  const next = `/invite/${encodeURIComponent(props.token)}`;
  return (
    <>
      <fieldset className="choice">
        <legend className="sr-only">{t("invite.title")}</legend>
        <label className="check">
          <input type="radio" name="mode" checked={mode === "new"} onChange={() => setMode("new")} />
          {t("invite.newAccount")}
        </label>
        <label className="check">
          <input type="radio" name="mode" checked={mode === "existing"} onChange={() => setMode("existing")} />
          {t("invite.haveAccount")}
        </label>
      </fieldset>
      {mode === "existing" ? (
        <p>
          <Link className="button primary" href={`/sign-in?next=${encodeURIComponent(next)}`}>
            {t("invite.signInToJoin")}
          </Link>
        </p>
      ) : (
        <RegisterForm {...props} />
      )}
    </>
  );
}

function RegisterForm({ token, landing, policy, onJoined, onPolicyChanged }: FlowProps) {
  const { t, lang } = useI18n();
  const session = useSession();
  const primary = landing.primary_grade;
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [username, setUsername] = useState("");
  const [parentEmail, setParentEmail] = useState("");
  const [password, setPassword] = useState("");
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<Pending | null>(null);

  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.code === "policy_changed") onPolicyChanged();
    setError(errorText(t, err));
    const fields: Record<string, string> = {};
    if (err instanceof ApiError && err.fields && err.code !== "invalid") {
      for (const k of Object.keys(err.fields)) fields[k] = errorText(t, err);
    }
    setFieldErrors(fields);
    setBusy(false);
  };

  const suggest = async () => {
    if (!name.trim()) return;
    try {
      const out = await ok(
        api.GET("/api/v1/invite/{token}/username-suggestion", {
          params: { path: { token }, query: { name: name.trim() } },
        }),
      );
      setUsername(out.username);
    } catch (err) {
      fail(err);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const { data, response, error: body } = await api.POST("/api/v1/invite/{token}/register", {
        params: { path: { token } },
        body: {
          display_name: name.trim(),
          password,
          consent,
          policy_version: landing.policy_version,
          language: lang,
          transport: "cookie",
          ...(primary
            ? { username: username.trim(), parent_email: parentEmail.trim() }
            : { email: email.trim() || null, phone: phone.trim() || null }),
        },
      });
      if (!response.ok || !data) {
        await ok(Promise.resolve({ data, error: body, response }));
        return;
      }
      if ("registration_id" in data) {
        setPending(data);
        setBusy(false);
        return;
      }
      session.signedIn(data.account);
      onJoined(data.membership);
    } catch (err) {
      fail(err);
    }
  };

  if (pending) {
    return <ParentCode token={token} pending={pending} policy={policy} onJoined={onJoined} />;
  }

  return (
    <form onSubmit={submit} className="stack" aria-busy={busy} noValidate>
      <h2>{t("invite.registerTitle")}</h2>
      <Alert>{error}</Alert>
      <Field
        label={t("invite.name")}
        hint={t("invite.nameHint")}
        autoComplete="name"
        required
        value={name}
        error={fieldErrors.display_name}
        onChange={(e) => setName(e.target.value)}
      />
      {primary ? (
        <>
          <div className="with-action">
            <Field
              label={t("invite.username")}
              hint={t("invite.usernameHint")}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              error={fieldErrors.username}
              onChange={(e) => setUsername(e.target.value)}
            />
            <button type="button" className="secondary" onClick={suggest} disabled={!name.trim()}>
              {t("invite.suggest")}
            </button>
          </div>
          <Field
            label={t("invite.parentEmail")}
            hint={t("invite.parentEmailHint")}
            type="email"
            required
            value={parentEmail}
            error={fieldErrors.parent_email}
            onChange={(e) => setParentEmail(e.target.value)}
          />
        </>
      ) : (
        <>
          <p className="hint">{t("invite.contactHint")}</p>
          <Field
            label={t("invite.email")}
            type="email"
            autoComplete="email"
            value={email}
            error={fieldErrors.email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <Field
            label={`${t("invite.phone")} (${t("common.optional")})`}
            type="tel"
            autoComplete="tel"
            value={phone}
            error={fieldErrors.phone}
            onChange={(e) => setPhone(e.target.value)}
          />
        </>
      )}
      <PasswordField
        label={t("invite.password")}
        hint={t("reset.hint")}
        autoComplete="new-password"
        required
        value={password}
        error={fieldErrors.password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Consent policy={policy} checked={consent} onChange={setConsent} parent={primary} />
      <button type="submit" className="primary" disabled={busy || !consent || !name.trim() || !password}>
        {t("invite.register")}
      </button>
    </form>
  );
}

function ParentCode({
  token,
  pending,
  policy,
  onJoined,
}: {
  token: string;
  pending: Pending;
  policy: Policy;
  onJoined(j: Joined): void;
}) {
  const { t } = useI18n();
  const session = useSession();
  const [code, setCode] = useState("");
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await ok(
        api.POST("/api/v1/invite/{token}/register/confirm", {
          params: { path: { token } },
          body: { registration_id: pending.registration_id, code: code.trim(), consent, transport: "cookie" },
        }),
      );
      session.signedIn(out.account);
      onJoined(out.membership);
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="stack" aria-busy={busy} noValidate>
      <h2>{t("invite.codeTitle")}</h2>
      <Alert kind="info">{t("invite.codeSent", { email: pending.code_sent_to })}</Alert>
      <Alert>{error}</Alert>
      <Field
        label={t("invite.code")}
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        autoFocus
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <Consent policy={policy} checked={consent} onChange={setConsent} parent />
      <button type="submit" className="primary" disabled={busy || !code || !consent}>
        {t("invite.confirm")}
      </button>
    </form>
  );
}

function JoinedCard({ org, joined }: { org: string; joined: Joined }) {
  const { t } = useI18n();
  const staffRole = ["teacher", "staff", "head"].includes(joined.role);
  return (
    <CardPage title={t("invite.joined", { org })}>
      {!joined.verified && staffRole && <Alert kind="info">{t("invite.unverified")}</Alert>}
      {joined.parent_link_status === "pending" && <Alert kind="info">{t("invite.pendingLink")}</Alert>}
      <p>
        <button
          type="button"
          className="primary"
          onClick={() => {
            // Open the organisation just joined.
            void ok(api.PUT("/api/v1/me/current-org", { body: { org_id: joined.org_id } }))
              .catch(() => undefined)
              .finally(() => navigate("/"));
          }}
        >
          {t("invite.open")}
        </button>
      </p>
    </CardPage>
  );
}
