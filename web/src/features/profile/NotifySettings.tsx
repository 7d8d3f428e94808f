// Notifications beyond the app, on the settings page (/settings/notifications): push
// notifications on this device (with a plain explanation when the browser refuses), my other
// devices, what is pushed, and the e-mail digest (off / daily / weekly).
import { useEffect, useId, useState } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Link } from "../../app/router";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import type { Account } from "../auth/session";
import { PushRefused, browserSubscription, disablePush, enablePush, support, type Refusal } from "./push";
import { parseUserAgent } from "./ua";

type Prefs = Schemas["PrefsOut"];
type Device = Schemas["SubscriptionOut"];
type Digest = Prefs["digest"];
type PushFlag = "push_messages" | "push_mentions" | "push_calls" | "push_reminders" | "push_previews";

const FLAGS: PushFlag[] = ["push_messages", "push_mentions", "push_calls", "push_reminders", "push_previews"];
const DIGESTS: Digest[] = ["off", "daily", "weekly"];

export function NotifySettings({ account }: { account: Account }) {
  const { t } = useI18n();
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    ok(api.GET("/api/v1/me/notifications"))
      .then((p) => live && setPrefs(p))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, []);

  if (error) return <Alert>{errorText(t, error)}</Alert>;
  if (!prefs) return <Spinner label={t("common.loading")} />;
  return (
    <>
      <PushCard account={account} />
      <PushPrefsCard prefs={prefs} onChange={setPrefs} />
      <DigestCard account={account} prefs={prefs} onChange={setPrefs} />
    </>
  );
}

function PushCard({ account }: { account: Account }) {
  const { t, lang } = useI18n();
  const [on, setOn] = useState<boolean | null>(null);
  const [here, setHere] = useState<string | null>(null);
  const [devices, setDevices] = useState<Device[]>([]);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ kind: "ok" | "error" | "info"; text: string } | null>(null);
  const statusId = useId();
  const supported = support();

  const load = async () => {
    const list = await ok(api.GET("/api/v1/me/push/subscriptions"));
    const sub = await browserSubscription().catch(() => null);
    setDevices(list);
    setHere(sub?.endpoint ?? null);
    setOn(!!sub && list.some((d) => d.endpoint === sub.endpoint));
  };

  useEffect(() => {
    void load().catch((err: unknown) => {
      setOn(false);
      setNote({ kind: "error", text: errorText(t, err) });
    });
  }, []); // once, when the card opens

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setNote(null);
    try {
      await fn();
    } catch (err) {
      const text = err instanceof PushRefused ? t(`push.refused.${err.reason}` as Key) : errorText(t, err);
      setNote({ kind: "error", text });
    }
    setBusy(false);
  };

  const turnOn = () =>
    run(async () => {
      await enablePush(account.id);
      await load();
      setNote({ kind: "ok", text: t("push.turnedOn") });
    });
  const turnOff = () =>
    run(async () => {
      await disablePush();
      await load();
      setNote({ kind: "ok", text: t("push.turnedOff") });
    });
  const test = () =>
    run(async () => {
      await ok(api.POST("/api/v1/me/push/test"));
      setNote({ kind: "info", text: t("push.testSent") });
    });
  const forget = (d: Device) =>
    run(async () => {
      await ok(api.DELETE("/api/v1/me/push/subscriptions/{subscription_id}", { params: { path: { subscription_id: d.id } } }));
      await load();
    });

  const device = (d: Device) => {
    const ua = parseUserAgent(d.user_agent);
    if (ua.browser && ua.os) return t("profile.deviceOn", { browser: ua.browser, os: ua.os });
    return ua.browser ?? ua.os ?? t("profile.deviceUnknown");
  };
  const fmt = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(new Date(iso));
  const others = devices.filter((d) => d.endpoint !== here);
  const refusal: Refusal | null = supported === "ok" ? null : supported;

  return (
    <section className="pf-card" aria-labelledby="push-title">
      <h2 id="push-title">{t("push.title")}</h2>
      <p className="hint">{t("push.intro")}</p>
      {refusal ? (
        <Alert kind="info">{t(`push.refused.${refusal}` as Key)}</Alert>
      ) : on === null ? (
        <Spinner label={t("common.loading")} />
      ) : (
        <>
          <p className="pf-row" id={statusId}>
            <span className={`status-pill ${on ? "ok" : ""}`}>{on ? t("push.stateOn") : t("push.stateOff")}</span>
          </p>
          <div className="pf-row">
            {on ? (
              <>
                <button type="button" onClick={() => void turnOff()} disabled={busy} aria-describedby={statusId}>
                  {t("push.turnOff")}
                </button>
                <button type="button" className="ghost" onClick={() => void test()} disabled={busy}>
                  {t("push.test")}
                </button>
              </>
            ) : (
              <button type="button" className="primary" onClick={() => void turnOn()} disabled={busy} aria-describedby={statusId}>
                {t("push.turnOn")}
              </button>
            )}
          </div>
        </>
      )}
      {note && <Alert kind={note.kind}>{note.text}</Alert>}
      {others.length > 0 && (
        <div>
          <h3 className="mute-org">{t("push.otherDevices")}</h3>
          <ul className="session-list">
            {others.map((d) => {
              const name = device(d);
              return (
                <li key={d.id} className="session">
                  <div className="session-info">
                    <span className="session-device">{name}</span>
                    <span className="session-meta">{t("push.deviceSince", { when: fmt(d.created_at) })}</span>
                  </div>
                  <button type="button" className="danger small" onClick={() => void forget(d)} disabled={busy} aria-label={t("push.forgetNamed", { device: name })}>
                    {t("push.forget")}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}

function PushPrefsCard({ prefs, onChange }: { prefs: Prefs; onChange(p: Prefs): void }) {
  const { t } = useI18n();
  const [failed, setFailed] = useState<string | null>(null);
  const toggle = async (flag: PushFlag, value: boolean) => {
    setFailed(null);
    onChange({ ...prefs, [flag]: value });
    try {
      onChange(await ok(api.PATCH("/api/v1/me/notifications", { body: { [flag]: value } })));
    } catch (err) {
      onChange(prefs);
      setFailed(errorText(t, err));
    }
  };
  return (
    <fieldset className="pf-card">
      <legend>{t("push.whatTitle")}</legend>
      <p className="hint">{t("push.whatHint")}</p>
      {FLAGS.map((flag) => (
        <label key={flag} className="check">
          <input type="checkbox" checked={prefs[flag]} onChange={(e) => void toggle(flag, e.target.checked)} />
          <span>{t(`push.flag.${flag}` as Key)}</span>
        </label>
      ))}
      <Alert>{failed}</Alert>
    </fieldset>
  );
}

function DigestCard({ account, prefs, onChange }: { account: Account; prefs: Prefs; onChange(p: Prefs): void }) {
  const { t, lang } = useI18n();
  const [note, setNote] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const hintId = useId();
  const confirmed = !!account.email && account.email_verified;
  const choose = async (digest: Digest) => {
    setNote(null);
    const before = prefs;
    onChange({ ...prefs, digest });
    try {
      const saved = await ok(api.PATCH("/api/v1/me/notifications", { body: { digest } }));
      onChange(saved);
      setNote({ kind: "ok", text: t(`digest.saved.${digest}`) });
    } catch (err) {
      onChange(before);
      setNote({ kind: "error", text: errorText(t, err) });
    }
  };
  const next = prefs.digest_next_at
    ? new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }).format(new Date(prefs.digest_next_at))
    : null;
  return (
    <fieldset className="pf-card" aria-describedby={hintId}>
      <legend>{t("digest.title")}</legend>
      <p className="hint" id={hintId}>
        {t("digest.intro")}
      </p>
      {!confirmed && (
        <Alert kind="info">
          {t("digest.needsEmail")} <Link href="/settings/email">{t("digest.toEmail")}</Link>
        </Alert>
      )}
      <div className="choice digest-choice">
        {DIGESTS.map((d) => (
          <label key={d} className="check">
            <input type="radio" name="digest" value={d} checked={prefs.digest === d} disabled={!confirmed && d !== "off"} onChange={() => void choose(d)} />
            {t(`digest.${d}`)}
          </label>
        ))}
      </div>
      {next && <p className="muted">{t("digest.next", { when: next })}</p>}
      {note && <Alert kind={note.kind}>{note.text}</Alert>}
    </fieldset>
  );
}
