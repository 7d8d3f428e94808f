// The items of one folder: folders (open), files (open, download) and links (open in a new
// tab), with who added them and when, and rename/move/delete for those allowed.
import type { MouseEvent } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { badgeText, downloadUrl, formatSize, linkExpired } from "../files/format";
import { freshFileUrl, type Material } from "./api";
import { openUrl } from "./kit";
import { hostOf, materialsPath, type PlaceKind } from "./paths";

export type ItemAction = "rename" | "move" | "delete";

export function Items({
  orgId,
  items,
  onAction,
  onError,
}: {
  orgId: string;
  items: Material[];
  onAction(action: ItemAction, item: Material): void;
  onError(err: unknown): void;
}) {
  const { t } = useI18n();
  return (
    <ul className="mat-items" aria-label={t("mat.items")}>
      {items.map((m) => (
        <Item key={m.id} orgId={orgId} m={m} onAction={onAction} onError={onError} />
      ))}
    </ul>
  );
}

function Item({
  orgId,
  m,
  onAction,
  onError,
}: {
  orgId: string;
  m: Material;
  onAction(action: ItemAction, item: Material): void;
  onError(err: unknown): void;
}) {
  const { t, lang } = useI18n();
  const when = new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(new Date(m.created_at));

  // Signed links expire: a file opened from a page left open for long gets a fresh one.
  const open = (download: boolean) => async (e: MouseEvent<HTMLAnchorElement>) => {
    if (!m.file || !linkExpired(m.file.url, Date.now())) return;
    e.preventDefault();
    try {
      const url = await freshFileUrl(orgId, m);
      if (url) openUrl(download ? downloadUrl(url) : url, download ? m.file.name : null);
    } catch (err) {
      onError(err);
    }
  };

  let icon: string;
  let title;
  let kind: string;
  if (m.kind === "folder") {
    icon = "📁";
    kind = t("mat.kind.folder");
    title = (
      <Link className="mat-title" href={materialsPath(m.place as PlaceKind, m.place_id, m.id)}>
        {m.title}
      </Link>
    );
  } else if (m.kind === "link") {
    icon = "🔗";
    kind = `${t("mat.kind.link")} · ${hostOf(m.url ?? "")}`;
    title = (
      <a className="mat-title" href={m.url ?? "#"} target="_blank" rel="noopener noreferrer">
        {m.title}
        <span className="sr-only"> {t("mat.newTab")}</span>
      </a>
    );
  } else {
    icon = m.file ? badgeText(m.file.name, m.file.mime) : "FILE";
    kind = m.file ? `${t("mat.kind.file")} · ${formatSize(m.file.size, lang)}` : t("mat.kind.file");
    title = (
      <a className="mat-title" href={m.file?.url ?? "#"} target="_blank" rel="noopener" onClick={(e) => void open(false)(e)}>
        {m.title}
        <span className="sr-only"> {t("mat.newTab")}</span>
      </a>
    );
  }

  return (
    <li className={`mat-item mat-${m.kind}`}>
      {m.kind === "file" && m.file?.thumb_url ? (
        <img className="mat-thumb" src={m.file.thumb_url} alt="" loading="lazy" />
      ) : (
        <span className={m.kind === "file" ? "mat-icon mat-badge" : "mat-icon"} aria-hidden="true">
          {icon}
        </span>
      )}
      <div className="mat-item-main">
        {title}
        <p className="mat-meta">
          {kind}
          {m.kind === "file" && m.file && m.file.name !== m.title ? ` · ${m.file.name}` : ""}
        </p>
        <p className="mat-meta">{t("mat.addedBy", { name: m.created_by.name, date: when })}</p>
      </div>
      <div className="mat-item-actions">
        {m.kind === "file" && m.file && (
          <a
            className="button small"
            href={downloadUrl(m.file.url)}
            download={m.file.name}
            onClick={(e) => void open(true)(e)}
          >
            {t("mat.download")}
            <span className="sr-only"> {m.title}</span>
          </a>
        )}
        {m.can_change && (
          <>
            <button type="button" className="small" aria-haspopup="dialog" onClick={() => onAction("rename", m)}>
              {m.kind === "link" ? t("mat.edit") : t("mat.rename")}
              <span className="sr-only"> {m.title}</span>
            </button>
            <button type="button" className="small" aria-haspopup="dialog" onClick={() => onAction("move", m)}>
              {t("mat.move")}
              <span className="sr-only"> {m.title}</span>
            </button>
            <button type="button" className="small danger" onClick={() => onAction("delete", m)}>
              {t("mat.delete")}
              <span className="sr-only"> {m.title}</span>
            </button>
          </>
        )}
      </div>
    </li>
  );
}
