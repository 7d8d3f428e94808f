// Voice messages: the microphone button records with MediaRecorder (Opus in WebM where the
// browser has it), shows the time, and on stop uploads the clip as a voice attachment and
// hands it to the composer to send. Cancel discards the recording.
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import type { Chat } from "../chats/types";
import { uploadError, uploadFile } from "./api";
import { formatDuration, type Attachment } from "./format";

const TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
const MIN_MS = 300;

type State =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "recording"; started: number }
  | { kind: "sending" };

export function pickVoiceType(isSupported: (t: string) => boolean): string | undefined {
  return TYPES.find((t) => isSupported(t));
}

export function VoiceButton({ chat, onVoice }: { chat: Chat; onVoice(a: Attachment): void }) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const keep = useRef(false);
  const started = useRef(0);
  const stopButton = useRef<HTMLButtonElement>(null);
  const micButton = useRef<HTMLButtonElement>(null);

  const release = () => {
    stream.current?.getTracks().forEach((tr) => tr.stop());
    stream.current = null;
    recorder.current = null;
  };
  useEffect(() => () => {
    keep.current = false;
    if (recorder.current && recorder.current.state !== "inactive") recorder.current.stop();
    release();
  }, []);

  useEffect(() => {
    if (state.kind !== "recording") return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [state.kind]);

  useEffect(() => {
    if (state.kind === "recording") stopButton.current?.focus();
  }, [state.kind]);

  const start = async () => {
    setError(null);
    if (typeof MediaRecorder === "undefined" || !navigator.mediaDevices?.getUserMedia) {
      setError(t("voice.unsupported"));
      return;
    }
    setState({ kind: "starting" });
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      const name = err instanceof DOMException ? err.name : "";
      setError(name === "NotFoundError" || name === "OverconstrainedError" ? t("voice.noDevice") : t("voice.denied"));
      setState({ kind: "idle" });
      return;
    }
    const mimeType = pickVoiceType((x) => MediaRecorder.isTypeSupported(x));
    const rec = new MediaRecorder(stream.current, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    rec.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    rec.onstop = () => {
      const duration = Date.now() - started.current;
      const type = rec.mimeType || mimeType || "audio/webm";
      release();
      if (!keep.current) {
        setState({ kind: "idle" });
        return;
      }
      if (duration < MIN_MS || chunks.length === 0) {
        setError(t("voice.tooShort"));
        setState({ kind: "idle" });
        return;
      }
      const blob = new Blob(chunks, { type: type.split(";")[0] });
      const ext = type.includes("ogg") ? "ogg" : type.includes("mp4") ? "m4a" : "webm";
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, "");
      setState({ kind: "sending" });
      uploadFile(chat.org_id, chat.id, blob, `voice-${stamp}.${ext}`, { voice: true, durationMs: duration })
        .then((a) => {
          setState({ kind: "idle" });
          onVoice(a);
          micButton.current?.focus();
        })
        .catch((err: unknown) => {
          const e = uploadError(err, null);
          const key = e.code === "network" ? "error.network" : (`error.${e.code}` as Parameters<typeof t>[0]);
          const text = t(key);
          setError(text === key ? t("error.generic") : text);
          setState({ kind: "idle" });
        });
    };
    recorder.current = rec;
    keep.current = false;
    started.current = Date.now();
    rec.start(250);
    setNow(started.current);
    setState({ kind: "recording", started: started.current });
  };

  const stop = (send: boolean) => {
    keep.current = send;
    const rec = recorder.current;
    if (rec && rec.state !== "inactive") rec.stop();
    else release();
    if (!send) {
      setState({ kind: "idle" });
      requestAnimationFrame(() => micButton.current?.focus());
    }
  };

  if (state.kind === "recording") {
    const elapsed = formatDuration(now - state.started);
    return (
      <span className="voice-recording" role="group" aria-label={t("voice.recording")}>
        <span className="rec-dot" aria-hidden="true" />
        <span className="voice-elapsed" role="timer" aria-live="off" aria-label={t("voice.elapsed", { time: elapsed })}>
          {elapsed}
        </span>
        <button type="button" className="ghost small" onClick={() => stop(false)}>
          {t("voice.cancel")}
        </button>
        <button ref={stopButton} type="button" className="primary small" onClick={() => stop(true)}>
          {t("voice.stop")}
        </button>
      </span>
    );
  }

  return (
    <span className="voice-wrap">
      {error && (
        <span className="voice-error field-error" role="alert">
          {error}
        </span>
      )}
      {state.kind === "sending" && (
        <span className="voice-sending muted" role="status">
          {t("voice.sending")}
        </span>
      )}
      <button
        ref={micButton}
        type="button"
        className="ghost icon-button"
        aria-label={t("voice.record")}
        title={t("voice.record")}
        disabled={state.kind !== "idle"}
        onClick={() => void start()}
      >
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <rect x="9" y="3" width="6" height="12" rx="3" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      </button>
    </span>
  );
}
