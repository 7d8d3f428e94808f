// The personal calendar feed: a secret address that phones and calendar apps subscribe to.
// The server shows the address once, when it is made; here it can be copied or opened in a
// calendar app (webcal://), renewed (the old one stops working) or turned off.
import { useEffect, useId, useRef, useState } from "react";
import { useAnnouncer } from "../../components/LiveRegion";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { feedStatus, renewFeed, revokeFeed, type Feed } from "./api";
import { localZone } from "./dates";
import { dateTime } from "./format";
import { BackToCalendar, BackToChats, Confirm } from "./kit";

export function webcal(url: string): string {
  return url.replace(/^https?:\/\//, "webcal://");
}

export default function FeedPanel() {
  const { t, lang } = useI18n();
  const announce = useAnnouncer();
  const id = useId();
  const [feed, setFeed] = useState<Feed | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [ask, setAsk] = useState<"renew" | "revoke" | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    feedStatus()
      .then(setFeed)
      .catch((err: unknown) => setError(err));
    heading.current?.focus();
  }, []);

  useEffect(() => {
    if (feed?.url) urlRef.current?.select();
  }, [feed?.url]);

  const run = async (what: "make" | "renew" | "revoke") => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      if (what === "revoke") {
        await revokeFeed();
        setFeed({ active: false, created_at: null, url: null });
        setNote(t("cal.feed.revoked"));
      } else {
        setFeed(await renewFeed());
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!feed?.url) return;
    try {
      await navigator.clipboard.writeText(feed.url);
      setNote(t("cal.feed.copied"));
      announce(t("cal.feed.copied"));
    } catch {
      urlRef.current?.select();
      setNote(t("cal.feed.copyFailed"));
    }
  };

  return (
    <section className="cal-feed" aria-labelledby={`${id}-h`}>
      <header className="cal-head">
        <BackToChats />
        <BackToCalendar />
      </header>
      <h1 id={`${id}-h`} ref={heading} tabIndex={-1}>
        {t("cal.feed.title")}
      </h1>
      <p>{t("cal.feed.intro")}</p>
      <p className="cal-warning">{t("cal.feed.secret")}</p>
      {error !== null && <Alert>{errorText(t, error)}</Alert>}
      {note && <Alert kind="ok">{note}</Alert>}
      {feed === null && error === null && <p className="loading">{t("common.loading")}</p>}

      {feed?.url && (
        <div className="cal-feed-url stack">
          <div className="field">
            <label htmlFor={`${id}-url`}>{t("cal.feed.url")}</label>
            <input id={`${id}-url`} ref={urlRef} readOnly value={feed.url} aria-describedby={`${id}-once`} onFocus={(e) => e.target.select()} />
            <p className="hint" id={`${id}-once`}>
              {t("cal.feed.shownOnce")}
            </p>
          </div>
          <div className="cal-actions">
            <button type="button" className="primary" onClick={() => void copy()}>
              {t("cal.feed.copy")}
            </button>
            <a className="button" href={webcal(feed.url)}>
              {t("cal.feed.open")}
            </a>
          </div>
        </div>
      )}
      {feed && !feed.active && (
        <>
          <p className="muted">{t("cal.feed.none")}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void run("make")}>
            {t("cal.feed.make")}
          </button>
        </>
      )}
      {feed?.active && (
        <>
          {!feed.url && feed.created_at && <p>{t("cal.feed.active", { date: dateTime(feed.created_at, localZone(), lang) })}</p>}
          <div className="cal-actions">
            <button type="button" disabled={busy} onClick={() => setAsk("renew")}>
              {t("cal.feed.renew")}
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => setAsk("revoke")}>
              {t("cal.feed.revoke")}
            </button>
          </div>
        </>
      )}

      <h2>{t("cal.feed.howTo")}</h2>
      <details className="cal-howto">
        <summary>{t("cal.feed.iphone")}</summary>
        <p>{t("cal.feed.iphoneSteps")}</p>
      </details>
      <details className="cal-howto">
        <summary>{t("cal.feed.android")}</summary>
        <p>{t("cal.feed.androidSteps")}</p>
      </details>
      <details className="cal-howto">
        <summary>{t("cal.feed.desktop")}</summary>
        <p>{t("cal.feed.desktopSteps")}</p>
      </details>
      <p className="hint">{t("cal.feed.delay")}</p>

      {ask && (
        <Confirm
          title={ask === "renew" ? t("cal.feed.renewTitle") : t("cal.feed.revokeTitle")}
          body={ask === "renew" ? t("cal.feed.renewConfirm") : t("cal.feed.revokeConfirm")}
          yes={ask === "renew" ? t("cal.feed.renew") : t("cal.feed.revoke")}
          no={t("common.cancel")}
          onDone={(yes) => {
            const what = ask;
            setAsk(null);
            if (yes) void run(what);
          }}
        />
      )}
    </section>
  );
}
