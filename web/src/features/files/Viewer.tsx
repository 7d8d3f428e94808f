// The full-screen picture viewer: the screen-sized preview, arrows (and ← →) between the
// pictures of a message or a files tab, a download button; Escape closes.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useI18n } from "../../i18n";
import { download, useFreshAttachment } from "./fresh";
import { formatSize, type Attachment } from "./format";

export function Viewer({
  images,
  start,
  orgId,
  onClose,
}: {
  images: readonly Attachment[];
  start: number;
  orgId: string | undefined;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [index, setIndex] = useState(Math.min(Math.max(0, start), images.length - 1));
  const a = images[index] as Attachment;
  const [shown, onError] = useFreshAttachment(a, orgId);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const go = (d: number) => setIndex((i) => (i + d + images.length) % images.length);
  const onKey = (e: KeyboardEvent) => {
    if (images.length < 2) return;
    if (e.key === "ArrowRight") {
      e.preventDefault();
      go(1);
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      go(-1);
    }
  };

  return (
    <dialog ref={ref} className="viewer" aria-labelledby="viewer-title" onClose={onClose} onKeyDown={onKey}>
      <header className="viewer-bar">
        <h2 id="viewer-title" className="viewer-title">
          <span className="sr-only">{t("files.viewer")}: </span>
          {a.name}
        </h2>
        <span className="viewer-meta">
          {images.length > 1 && <span>{t("files.viewerOf", { n: index + 1, total: images.length })} · </span>}
          {formatSize(a.size, lang)}
        </span>
        <button type="button" className="small" onClick={() => void download(a, orgId)}>
          {t("files.download")}
        </button>
        <button type="button" className="small" autoFocus onClick={() => ref.current?.close()}>
          {t("files.close")}
        </button>
      </header>
      <div className="viewer-stage">
        {images.length > 1 && (
          <button type="button" className="viewer-nav prev" aria-label={t("files.prev")} onClick={() => go(-1)}>
            <span aria-hidden="true">‹</span>
          </button>
        )}
        <img
          key={shown.id + shown.url}
          className="viewer-img"
          src={shown.preview_url ?? shown.url}
          alt={t("files.imageAlt", { name: a.name })}
          onError={onError}
        />
        {images.length > 1 && (
          <button type="button" className="viewer-nav next" aria-label={t("files.next")} onClick={() => go(1)}>
            <span aria-hidden="true">›</span>
          </button>
        )}
      </div>
      <p className="viewer-hint">{t("files.viewerHint")}</p>
    </dialog>
  );
}
