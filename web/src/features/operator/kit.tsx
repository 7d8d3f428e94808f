// Small pieces of the operator console: paged loading, dates, a modal dialog.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Link } from "../../app/router";
import type { Lang } from "../../i18n";

export interface PageOf<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Load a cursor-paged list: the first page when `key` changes, more on demand. */
export function usePaged<T>(load: (cursor: string | null) => Promise<PageOf<T>>, key: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const loadRef = useRef(load);
  loadRef.current = load;

  const first = useCallback(() => {
    let live = true;
    setItems(null);
    setError(null);
    loadRef
      .current(null)
      .then((page) => {
        if (!live) return;
        setItems(page.items);
        setNext(page.next_cursor ?? null);
      })
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => first(), [key, first]);

  const more = async () => {
    if (!next || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await loadRef.current(next);
      setItems((cur) => [...(cur ?? []), ...page.items]);
      setNext(page.next_cursor ?? null);
    } catch (err) {
      setError(err);
    }
    setLoadingMore(false);
  };

  return { items, hasMore: next !== null, more, loadingMore, error, reload: first };
}

export function when(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** A modal dialog (native <dialog>: focus stays inside, Escape closes, focus returns). */
export function Dialog({
  title,
  titleId,
  onClose,
  children,
  className = "",
}: {
  title: string;
  titleId: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className={`dialog op-dialog ${className}`} aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/** Filter tabs that are links (the filter lives in the URL, so Back restores it). */
export function StatusTabs({
  label,
  statuses,
  current,
  href,
  text,
}: {
  label: string;
  statuses: readonly string[];
  current: string;
  href: (status: string) => string;
  text: (status: string) => string;
}) {
  return (
    <div className="op-tabs" role="group" aria-label={label}>
      {statuses.map((s) => (
        <Link
          key={s}
          href={href(s)}
          className="op-tab"
          aria-current={s === current ? "true" : undefined}
        >
          {text(s)}
        </Link>
      ))}
    </div>
  );
}
