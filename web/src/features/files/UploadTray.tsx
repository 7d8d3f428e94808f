// The chosen files of a composer or form: picture previews or type badges, a progress bar
// while uploading, a cancel/remove button, and why a file was refused.
import { useI18n, type T } from "../../i18n";
import type { Lang } from "../../i18n";
import { badgeText, fileType, formatSize } from "./format";
import type { UploadItem } from "./uploadQueue";
import type { Uploads } from "./useUploads";

export function uploadErrorText(t: T, lang: Lang, item: UploadItem): string {
  const name = item.name;
  const e = item.error;
  if (!e) return "";
  switch (e.code) {
    case "file_too_large":
      return e.limit ? t("files.error.file_too_large", { name, limit: formatSize(e.limit, lang) }) : t("files.error.file_too_large_nolimit", { name });
    case "quota_exceeded":
      return t("files.error.quota_exceeded", { name });
    case "file_infected":
      return t("files.error.file_infected", { name });
    case "empty_file":
      return t("files.error.empty_file", { name });
    case "type":
      return t("files.error.type", { name });
    case "network":
      return t("files.error.network", { name });
    default: {
      const key = `error.${e.code}` as Parameters<T>[0];
      const reason = t(key);
      return t("files.error.other", { name, reason: reason === key ? t("error.generic") : reason });
    }
  }
}

export function UploadTray({ uploads, label }: { uploads: Uploads; label?: string }) {
  const { t, lang } = useI18n();
  const { items, previews, notice } = uploads;
  const running = items.filter((i) => i.status === "uploading").length;
  if (!items.length && !notice) return null;
  return (
    <div className="upload-tray">
      {items.length > 0 && (
        <ul className="upload-list" aria-label={label ?? t("files.tray")}>
          {items.map((i) => {
            const preview = previews.get(i.key);
            return (
              <li key={i.key} className={`upload-item ${i.status}`} data-upload-status={i.status}>
                {preview ? (
                  <img className="upload-thumb" src={preview} alt="" />
                ) : (
                  <span className={`file-badge type-${fileType(i.name, i.mime)}`} aria-hidden="true">
                    {badgeText(i.name, i.mime)}
                  </span>
                )}
                <span className="upload-main">
                  <span className="upload-name">{i.name}</span>
                  <span className="upload-meta">{formatSize(i.size, lang)}</span>
                  {i.status === "uploading" && (
                    <progress
                      className="upload-progress"
                      max={1}
                      value={i.progress}
                      aria-label={t("files.uploading", { name: i.name })}
                    />
                  )}
                  {i.status === "failed" && (
                    <span className="field-error upload-error" role="alert">
                      {uploadErrorText(t, lang, i)}
                    </span>
                  )}
                </span>
                <button
                  type="button"
                  className="ghost small upload-cancel"
                  aria-label={i.status === "uploading" ? t("files.cancelUpload", { name: i.name }) : t("files.removeFile", { name: i.name })}
                  title={i.status === "uploading" ? t("files.cancelUpload", { name: i.name }) : t("files.removeFile", { name: i.name })}
                  onClick={() => uploads.cancel(i.key)}
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <p className="sr-only" role="status">
        {running > 0 ? t("files.uploadingCount", { count: running }) : ""}
      </p>
      {notice && (
        <p className="field-error" role="alert">
          {notice}
        </p>
      )}
    </div>
  );
}
