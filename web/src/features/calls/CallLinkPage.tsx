// /calls/<id>: a call's link. Members of the call's chat join at once; other members of the
// organisation (when the host opened the link to them) knock and wait to be let in.
import { useEffect, useState } from "react";
import { ApiError } from "../../api/client";
import { Link } from "../../app/router";
import type { SectionProps } from "../../app/sections";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { callsApi } from "./api";
import { useCalls } from "./CallProvider";
import type { CallOut } from "./types";

export default function CallLinkPage({ orgId, myId, rest }: SectionProps) {
  const { t } = useI18n();
  const { manager } = useCalls();
  const inCall = useStore(manager.current, (c) => c !== null);
  const [call, setCall] = useState<CallOut | null>(null);
  const [error, setError] = useState<unknown>(null);
  const callId = rest.split("/")[0] ?? "";

  useEffect(() => {
    setCall(null);
    setError(null);
    callsApi
      .get({ orgId, callId })
      .then(setCall)
      .catch((err: unknown) => setError(err));
  }, [orgId, callId]);

  const missing = error instanceof ApiError && (error.status === 404 || error.status === 403);
  const joined = call?.participants.filter((p) => p.state === "joined").length ?? 0;
  const outsider = call !== null && !call.participants.some((p) => p.account_id === myId && p.via === "chat");
  return (
    <section className="section-page" aria-labelledby="call-page-title">
      <p className="back-link">
        <Link href="/">{t("common.back")}</Link>
      </p>
      <h1 id="call-page-title">{call?.title || t("calls.pageTitle")}</h1>
      {error ? (
        <Alert>{missing ? t("calls.pageMissing") : errorText(t, error)}</Alert>
      ) : !call ? (
        <Spinner label={t("common.loading")} />
      ) : call.ended_at ? (
        <p>{t("calls.pageEnded")}</p>
      ) : (
        <>
          <p>{t("calls.pageRunning", { count: joined })}</p>
          {outsider && call.settings.link_access === "org" && <p className="muted">{t("calls.pageKnock")}</p>}
          <button
            type="button"
            className="primary"
            disabled={inCall}
            onClick={() => manager.prepare(orgId, call.chat_id, call.media, { callId: call.id, call })}
          >
            {t("calls.join")}
          </button>
        </>
      )}
    </section>
  );
}
