// Pieces every catalogue list shows: an item's summary (title, subject, grades, kind, a
// bit of its description) and how to open it (a file: open or download; a link: open).
import type { MouseEvent, ReactNode } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { downloadUrl, formatSize, linkExpired } from "../files/format";
import { openUrl } from "../materials/kit";
import { hostOf } from "../materials/paths";
import type { Item } from "./api";
import { excerpt } from "./grades";
import { gradesLabel, subjectLabel } from "./labels";

export function ItemSummary({
  item,
  href,
  level = 3,
  children,
}: {
  item: Item;
  href?: string;
  level?: 2 | 3;
  children?: ReactNode;
}) {
  const { t, lang } = useI18n();
  const H = level === 2 ? "h2" : "h3";
  const kind =
    item.kind === "file" && item.file
      ? `${t("cat.kind.file")} · ${formatSize(item.file.size, lang)}`
      : `${t("cat.kind.link")} · ${hostOf(item.url ?? "")}`;
  return (
    <div className="cat-summary">
      <H className="cat-item-title">{href ? <Link href={href}>{item.title}</Link> : item.title}</H>
      <p className="cat-meta">
        <span className="cat-subject">{subjectLabel(t, item.subject, item.subject_name)}</span>
        <span aria-hidden="true"> · </span>
        <span>{gradesLabel(t, item.grades)}</span>
        <span aria-hidden="true"> · </span>
        <span>{kind}</span>
        {item.status === "verified" && (
          <span className="cat-verified">
            <span aria-hidden="true">✓ </span>
            {t("cat.verified")}
          </span>
        )}
      </p>
      {item.description && <p className="cat-excerpt">{excerpt(item.description)}</p>}
      {children}
    </div>
  );
}

/** Open or download an item's file (a fresh signed link when the old one ran out), or open
 *  its link in a new tab. `fresh` loads the item again. */
export function ItemOpen({ item, fresh, onError }: { item: Item; fresh(): Promise<Item>; onError(err: unknown): void }) {
  const { t } = useI18n();
  if (item.kind === "link" && item.url) {
    return (
      <a className="button small" href={item.url} target="_blank" rel="noopener noreferrer">
        {t("cat.openLink")}
        <span className="sr-only">
          {" "}
          {item.title} {t("mat.newTab")}
        </span>
      </a>
    );
  }
  const file = item.file;
  if (!file) return null;
  const open = (download: boolean) => async (e: MouseEvent<HTMLAnchorElement>) => {
    if (!linkExpired(file.url, Date.now())) return;
    e.preventDefault();
    try {
      const url = (await fresh()).file?.url;
      if (url) openUrl(download ? downloadUrl(url) : url, download ? file.name : null);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <>
      <a className="button small" href={file.url} target="_blank" rel="noopener" onClick={(e) => void open(false)(e)}>
        {t("cat.openFile")}
        <span className="sr-only">
          {" "}
          {item.title} {t("mat.newTab")}
        </span>
      </a>
      <a
        className="button small"
        href={downloadUrl(file.url)}
        download={file.name}
        onClick={(e) => void open(true)(e)}
      >
        {t("mat.download")}
        <span className="sr-only"> {item.title}</span>
      </a>
    </>
  );
}

export function StatusPill({ status }: { status: Item["status"] }) {
  const { t } = useI18n();
  return <span className={`cat-status cat-status-${status}`}>{t(`cat.status.${status}`)}</span>;
}
