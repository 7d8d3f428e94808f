// Attachments inside a message: pictures as thumbnails in a grid (click → the viewer),
// video and audio with the browser's players, voice messages as a compact player with
// their duration, other files as cards (type, name, size, download).
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useRuntime } from "../../app/AppShell";
import { useI18n } from "../../i18n";
import { download, useFreshAttachment } from "./fresh";
import {
  badgeText,
  downloadUrl,
  fileType,
  formatDuration,
  formatSize,
  gridColumns,
  groupAttachments,
  type Attachment,
} from "./format";
import { Viewer } from "./Viewer";
import "./files.css";

export function MessageAttachments({ chatId, attachments }: { chatId: string; attachments: readonly Attachment[] }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const orgId = runtime.store.getState().chats[chatId]?.org_id;
  const [viewing, setViewing] = useState<number | null>(null);
  const g = groupAttachments(attachments);
  return (
    <div className="attachments" role="group" aria-label={t("files.attachments")}>
      {g.images.length > 0 && (
        <ul className={`image-grid cols-${gridColumns(g.images.length)}`}>
          {g.images.map((a, i) => (
            <li key={a.id}>
              <Thumb a={a} orgId={orgId} single={g.images.length === 1} onOpen={() => setViewing(i)} />
            </li>
          ))}
        </ul>
      )}
      {g.videos.map((a) => (
        <VideoPlayer key={a.id} a={a} orgId={orgId} />
      ))}
      {g.audios.map((a) => (
        <AudioPlayer key={a.id} a={a} orgId={orgId} />
      ))}
      {g.voices.map((a) => (
        <VoicePlayer key={a.id} a={a} orgId={orgId} />
      ))}
      {g.files.map((a) => (
        <FileCard key={a.id} a={a} orgId={orgId} />
      ))}
      {viewing !== null && <Viewer images={g.images} start={viewing} orgId={orgId} onClose={() => setViewing(null)} />}
    </div>
  );
}

export function Thumb({ a, orgId, single, onOpen }: { a: Attachment; orgId: string | undefined; single?: boolean; onOpen(): void }) {
  const { t } = useI18n();
  const [shown, onError] = useFreshAttachment(a, orgId);
  const ratio = a.width && a.height ? `${a.width} / ${a.height}` : undefined;
  return (
    <button
      type="button"
      className={single ? "thumb single" : "thumb"}
      aria-label={t("files.openImage", { name: a.name })}
      onClick={onOpen}
    >
      <img
        src={shown.thumb_url ?? shown.preview_url ?? shown.url}
        alt=""
        loading="lazy"
        style={single && ratio ? { aspectRatio: ratio } : undefined}
        onError={onError}
      />
    </button>
  );
}

function VideoPlayer({ a, orgId }: { a: Attachment; orgId: string | undefined }) {
  const { t, lang } = useI18n();
  const [shown, onError] = useFreshAttachment(a, orgId);
  return (
    <figure className="media-figure">
      <video
        key={shown.url}
        className="video-player"
        controls
        preload="metadata"
        src={shown.url}
        poster={shown.thumb_url ?? undefined}
        aria-label={t("files.video", { name: a.name })}
        onError={onError}
      />
      <figcaption className="media-caption">
        <span className="file-name">{a.name}</span> · {formatSize(a.size, lang)}
      </figcaption>
    </figure>
  );
}

function AudioPlayer({ a, orgId }: { a: Attachment; orgId: string | undefined }) {
  const { t, lang } = useI18n();
  const [shown, onError] = useFreshAttachment(a, orgId);
  return (
    <figure className="media-figure audio-figure">
      <figcaption className="media-caption">
        <span className="file-name">{a.name}</span> · {formatSize(a.size, lang)}
      </figcaption>
      <audio
        key={shown.url}
        className="audio-player"
        controls
        preload="metadata"
        src={shown.url}
        aria-label={t("files.audio", { name: a.name })}
        onError={onError}
      />
    </figure>
  );
}

/** A compact voice player: play/pause, a position bar, "0:03 / 0:12". */
export function VoicePlayer({ a, orgId }: { a: Attachment; orgId: string | undefined }) {
  const { t } = useI18n();
  const [shown, onError] = useFreshAttachment(a, orgId);
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [pos, setPos] = useState(0);
  const [len, setLen] = useState(a.duration_ms ?? 0);
  const total = formatDuration(len);

  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    const onTime = () => setPos(el.currentTime * 1000);
    const onMeta = () => {
      if (Number.isFinite(el.duration) && el.duration > 0 && !a.duration_ms) setLen(el.duration * 1000);
    };
    const onEnd = () => {
      setPlaying(false);
      setPos(0);
    };
    const onPause = () => setPlaying(false);
    const onPlay = () => setPlaying(true);
    el.addEventListener("timeupdate", onTime);
    el.addEventListener("loadedmetadata", onMeta);
    el.addEventListener("ended", onEnd);
    el.addEventListener("pause", onPause);
    el.addEventListener("play", onPlay);
    return () => {
      el.removeEventListener("timeupdate", onTime);
      el.removeEventListener("loadedmetadata", onMeta);
      el.removeEventListener("ended", onEnd);
      el.removeEventListener("pause", onPause);
      el.removeEventListener("play", onPlay);
    };
  }, [a.duration_ms, shown.url]);

  const toggle = () => {
    const el = audio.current;
    if (!el) return;
    if (el.paused) void el.play().catch(() => onError());
    else el.pause();
  };
  const fraction = len > 0 ? Math.min(1, pos / len) : 0;
  return (
    <div className="voice-player" role="group" aria-label={t("files.voiceDuration", { duration: total })}>
      <button
        type="button"
        className="voice-play"
        aria-label={playing ? t("files.pauseVoice") : t("files.playVoice")}
        onClick={toggle}
      >
        <span aria-hidden="true">{playing ? "❚❚" : "▶"}</span>
      </button>
      <span className="voice-track" aria-hidden="true">
        <span className="voice-fill" style={{ width: `${fraction * 100}%` }} />
      </span>
      <span className="voice-time">
        {playing || pos > 0 ? `${formatDuration(pos)} / ${total}` : total}
      </span>
      <audio key={shown.url} ref={audio} preload="metadata" src={shown.url} onError={onError} />
    </div>
  );
}

export function FileCard({ a, orgId, extra }: { a: Attachment; orgId: string | undefined; extra?: ReactNode }) {
  const { t, lang } = useI18n();
  const type = fileType(a.name, a.mime);
  const size = formatSize(a.size, lang);
  return (
    <div className="file-card" data-attachment-id={a.id}>
      <span className={`file-badge type-${type}`} aria-hidden="true">
        {badgeText(a.name, a.mime)}
      </span>
      <span className="file-main">
        <span className="file-name">{a.name}</span>
        <span className="file-meta">
          {t(`files.type.${type}`)} · {size}
        </span>
        {extra}
      </span>
      <a
        className="button small file-download"
        href={downloadUrl(a.url)}
        download={a.name}
        aria-label={t("files.downloadName", { name: a.name, size })}
        onClick={(e) => {
          e.preventDefault();
          void download(a, orgId);
        }}
      >
        {t("files.download")}
      </a>
    </div>
  );
}

/** Files of a message still waiting to be sent: names and sizes. */
export function PendingFiles({ list }: { list: readonly Attachment[] }) {
  const { t, lang } = useI18n();
  return (
    <ul className="pending-files" aria-label={t("files.attachments")}>
      {list.map((a) => (
        <li key={a.id}>
          <span className={`file-badge small type-${fileType(a.name, a.mime)}`} aria-hidden="true">
            {badgeText(a.name, a.mime)}
          </span>{" "}
          {a.name} <span className="muted">· {formatSize(a.size, lang)}</span>
        </li>
      ))}
    </ul>
  );
}
