// Participants and their states; for the host of a lesson the waiting room and the
// controls: admit, mute, camera, screen sharing, remove, lock, cameras for the teacher only.
import { useState } from "react";
import { useI18n, type Key } from "../../i18n";
import { useStore } from "../../lib/store";
import { Avatar } from "../profile/Avatar";
import { callsApi } from "./api";
import type { CallSession } from "./session";
import { Flags } from "./Stage";
import type { CallOut, Participant } from "./types";

export function isHost(call: CallOut | null, myId: string): boolean {
  if (!call) return false;
  return call.started_by === myId || Boolean(call.participants.find((p) => p.account_id === myId)?.host);
}

export function People({ session, myId }: { session: CallSession; myId: string }) {
  const { t } = useI18n();
  const call = useStore(session.store, (s) => s.call);
  if (!call) return null;
  const ids = session.ids;
  const host = call.mode !== "direct" && isHost(call, myId);
  const controls = call.mode === "lesson" && host;
  const waiting = call.participants.filter((p) => p.state === "waiting");
  const others = call.participants.filter((p) => p.state !== "waiting");
  const act = (fn: () => Promise<unknown>) => void session.act(fn);
  const students = call.participants.filter((p) => !p.host && p.state === "joined");
  const allMuted = students.length > 0 && students.every((p) => p.muted_by_host);

  return (
    <div className="call-people">
      {(controls || (host && waiting.length > 0)) && (
        <section aria-labelledby="waiting-title" className="call-section">
          <h3 id="waiting-title">
            {t("calls.waitingRoom")} ({waiting.length})
          </h3>
          {waiting.length === 0 ? (
            <p className="muted">{t("calls.waitingNobody")}</p>
          ) : (
            <>
              <ul className="people-list">
                {waiting.map((p) => (
                  <li key={p.account_id}>
                    <Avatar name={p.name} url={p.avatar_url ?? null} size={28} />
                    <span className="person-name">
                      {p.name}
                      <Via p={p} />
                    </span>
                    <button type="button" className="small" aria-label={t("calls.admitWho", { name: p.name })} onClick={() => act(() => callsApi.admit(ids, p.account_id))}>
                      {t("calls.admit")}
                    </button>
                  </li>
                ))}
              </ul>
              <button type="button" className="small" onClick={() => act(() => callsApi.admitAll(ids))}>
                {t("calls.admitAll")}
              </button>
            </>
          )}
        </section>
      )}
      {controls && (
        <section aria-labelledby="lesson-controls-title" className="call-section">
          <h3 id="lesson-controls-title">{t("calls.lessonControls")}</h3>
          <button type="button" className="small secondary" onClick={() => act(() => callsApi.muteAll(ids, !allMuted))}>
            {allMuted ? t("calls.unmuteAll") : t("calls.muteAll")}
          </button>
          <label className="check">
            <input type="checkbox" checked={call.settings.locked} onChange={(e) => act(() => callsApi.settings(ids, { locked: e.target.checked }))} />
            {t("calls.lock")}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={call.settings.cameras_teacher_only}
              onChange={(e) => act(() => callsApi.settings(ids, { cameras_teacher_only: e.target.checked }))}
            />
            {t("calls.camerasTeacherOnly")}
          </label>
        </section>
      )}
      {host && <LinkAccess call={call} session={session} />}
      <section aria-labelledby="people-title" className="call-section">
        <h3 id="people-title">{t("calls.panelPeople")}</h3>
        <ul className="people-list">
          {others.map((p) => (
            <Person key={p.account_id} p={p} me={p.account_id === myId} controls={controls && !p.host && p.state === "joined"} session={session} />
          ))}
        </ul>
      </section>
    </div>
  );
}

function Person({ p, me, controls, session }: { p: Participant; me: boolean; controls: boolean; session: CallSession }) {
  const { t } = useI18n();
  const ids = session.ids;
  const act = (fn: () => Promise<unknown>) => void session.act(fn);
  const name = p.name;
  return (
    <li data-account-id={p.account_id}>
      <Avatar name={name} url={p.avatar_url ?? null} size={28} />
      <span className="person-name">
        {me ? `${name} (${t("calls.you")})` : name}
        <span className="person-state">
          {" · "}
          {t(`calls.state.${p.state}` as Key)}
          {p.host && ` · ${t("calls.host")}`}
        </span>
        <Via p={p} />
      </span>
      <Flags p={p} />
      {controls && (
        <span className="person-actions">
          <button type="button" className="small ghost" onClick={() => act(() => callsApi.mute(ids, p.account_id, !p.muted_by_host))}>
            {p.muted_by_host ? t("calls.unmuteWho", { name }) : t("calls.muteWho", { name })}
          </button>
          <button type="button" className="small ghost" onClick={() => act(() => callsApi.camera(ids, p.account_id, !p.camera_off_by_host))}>
            {p.camera_off_by_host ? t("calls.camAllowWho", { name }) : t("calls.camOffWho", { name })}
          </button>
          <button type="button" className="small ghost" onClick={() => act(() => callsApi.screen(ids, p.account_id, !p.may_share_screen))}>
            {p.may_share_screen ? t("calls.screenRevokeWho", { name }) : t("calls.screenAllowWho", { name })}
          </button>
          <button
            type="button"
            className="small ghost danger"
            onClick={() => {
              if (window.confirm(t("calls.confirmRemove", { name }))) act(() => callsApi.remove(ids, p.account_id));
            }}
          >
            {t("calls.removeWho", { name })}
          </button>
        </span>
      )}
    </li>
  );
}

/** How someone came in, when it was not as a member of the chat (guests stand out). */
function Via({ p }: { p: Participant }) {
  const { t } = useI18n();
  if (p.via === "guest") return <span className="person-via guest">{` · ${t("calls.viaGuest")}`}</span>;
  if (p.via === "link") return <span className="person-via">{` · ${t("calls.viaLink")}`}</span>;
  return null;
}

/** The host opens the call to the organisation's members (who knock first) and copies its link. */
function LinkAccess({ call, session }: { call: CallOut; session: CallSession }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const open = call.settings.link_access === "org";
  const url = callsApi.linkUrl(call.id);
  const copy = () => {
    void navigator.clipboard
      ?.writeText(url)
      .then(() => setCopied(true))
      .catch(() => setCopied(false));
  };
  return (
    <section aria-labelledby="link-title" className="call-section">
      <h3 id="link-title">{t("calls.linkTitle")}</h3>
      <label className="check">
        <input
          type="checkbox"
          checked={open}
          onChange={(e) => void session.act(() => callsApi.settings(session.ids, { link_access: e.target.checked ? "org" : "chat" }))}
        />
        {t("calls.linkOrg")}
      </label>
      <p className="muted small">{open ? t("calls.linkOrgHint") : t("calls.linkChatHint")}</p>
      <div className="call-link-row">
        <input type="text" readOnly value={url} aria-label={t("calls.linkAddress")} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="small secondary" onClick={copy}>
          {copied ? t("calls.linkCopied") : t("calls.linkCopy")}
        </button>
      </div>
    </section>
  );
}
