// Camera and microphone choice with a live preview.
import { useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { listDevices, savedChoice } from "./devices";
import type { CallSession } from "./session";
import { Video } from "./Video";

export function Devices({ session, preview = true }: { session: CallSession; preview?: boolean }) {
  const { t } = useI18n();
  const local = useStore(session.store, (s) => s.local);
  const media = useStore(session.store, (s) => s.media);
  const [cams, setCams] = useState<MediaDeviceInfo[]>([]);
  const [mics, setMics] = useState<MediaDeviceInfo[]>([]);

  useEffect(() => {
    let live = true;
    const load = () =>
      void listDevices()
        .then((d) => {
          if (!live) return;
          setCams(d.cameras);
          setMics(d.microphones);
        })
        .catch(() => undefined);
    load();
    navigator.mediaDevices?.addEventListener?.("devicechange", load);
    return () => {
      live = false;
      navigator.mediaDevices?.removeEventListener?.("devicechange", load);
    };
  }, [local]);

  const current = (kind: "audio" | "video") => {
    const track = kind === "audio" ? local?.getAudioTracks()[0] : local?.getVideoTracks()[0];
    return track?.getSettings().deviceId ?? (kind === "audio" ? savedChoice().microphone : savedChoice().camera) ?? "";
  };

  return (
    <div className="call-devices">
      {preview && media === "video" && (
        <figure className="call-preview">
          <Video stream={local} local label={t("calls.preview")} />
          <figcaption>{t("calls.preview")}</figcaption>
        </figure>
      )}
      {media === "video" && (
        <label className="field">
          <span>{t("calls.camera")}</span>
          <select value={current("video")} onChange={(e) => void session.useDevice("camera", e.target.value)}>
            {cams.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {d.label || t("calls.device", { n: i + 1 })}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>{t("calls.microphone")}</span>
        <select value={current("audio")} onChange={(e) => void session.useDevice("microphone", e.target.value)}>
          {mics.map((d, i) => (
            <option key={d.deviceId || i} value={d.deviceId}>
              {d.label || t("calls.device", { n: i + 1 })}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
