// The videos: everyone in a grid, or one large (a shared screen first) with the others in a
// strip (speaker view). My own tile is muted and mirrored.
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { Avatar } from "../profile/Avatar";
import type { Tile } from "./link";
import type { CallSession } from "./session";
import type { Participant } from "./types";
import { Video } from "./Video";

export type View = "grid" | "speaker";

export function Stage({ session, view, myId }: { session: CallSession; view: View; myId: string }) {
  const { t } = useI18n();
  const s = useStore(session.store, (x) => x);
  const people = new Map((s.call?.participants ?? []).map((p) => [p.account_id, p]));
  const mine: Tile[] = [];
  if (s.local) mine.push({ key: "local", accountId: myId, source: "camera", stream: s.local });
  if (s.screen) mine.push({ key: "local-screen", accountId: myId, source: "screen", stream: s.screen });
  const all = [...s.tiles, ...mine];
  const big = view === "speaker" ? all.find((x) => x.source === "screen") ?? s.tiles[0] ?? mine[0] : undefined;
  const rest = big ? all.filter((x) => x !== big) : all;

  const tile = (x: Tile, large = false) => {
    const p = people.get(x.accountId);
    const me = x.accountId === myId;
    const name = me ? t("calls.you") : p?.name ?? "";
    const label = x.source === "screen" ? t("calls.screenOf", { name }) : t("calls.videoOf", { name });
    const hasVideo = x.stream.getVideoTracks().length > 0 && (!me || x.source === "screen" || s.camOn);
    const reaction = s.reactions.filter((r) => r.accountId === x.accountId).at(-1);
    return (
      <figure key={x.key} className={`tile${large ? " large" : ""}`} data-account-id={x.accountId} data-source={x.source}>
        <Video stream={x.stream} local={me} label={label} />
        {!hasVideo && (
          <div className="tile-avatar" aria-hidden="true">
            <Avatar name={p?.name ?? name} url={p?.avatar_url ?? null} size={72} />
          </div>
        )}
        <figcaption>
          <span>{x.source === "screen" ? label : name}</span>
          <Flags p={p} />
        </figcaption>
        {reaction && (
          <span className="tile-reaction" aria-hidden="true">
            {reaction.emoji}
          </span>
        )}
      </figure>
    );
  };

  return (
    <div className={`call-stage ${view}`} data-count={all.length}>
      {big && <div className="stage-main">{tile(big, true)}</div>}
      <div className="stage-tiles">{rest.map((x) => tile(x))}</div>
      {s.tiles.length === 0 && <p className="call-note">{t("calls.nobodyYet")}</p>}
    </div>
  );
}

export function Flags({ p }: { p: Participant | undefined }) {
  const { t } = useI18n();
  if (!p) return null;
  return (
    <>
      {p.hand_raised && (
        <span className="flag" title={t("calls.handUp")}>
          <span aria-hidden="true">✋</span>
          <span className="sr-only">{t("calls.handUp")}</span>
        </span>
      )}
      {p.muted_by_host && (
        <span className="flag" title={t("calls.mutedMark")}>
          <span aria-hidden="true">🔇</span>
          <span className="sr-only">{t("calls.mutedMark")}</span>
        </span>
      )}
    </>
  );
}
