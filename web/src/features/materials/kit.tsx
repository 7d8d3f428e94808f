// Pieces the materials and catalogue pages share: a modal dialog that puts focus back where
// it was, and the fetch-then-open of signed file links.
import { useEffect, useId, useRef, type ReactNode } from "react";

/** A modal dialog (native <dialog>: focus moves inside and stays there, Escape closes);
 *  when it goes away, focus returns to the control that opened it. */
export function Modal({
  title,
  onClose,
  children,
  wide = false,
  describedBy,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
  describedBy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      if (back && back.isConnected) back.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? "dialog wide-dialog mat-dialog" : "dialog mat-dialog"}
      aria-labelledby={`${id}-title`}
      aria-describedby={describedBy}
      onClose={onClose}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

/** Open an address in a new tab, or save it (the download attribute with its name). */
export function openUrl(url: string, download: string | null = null): void {
  const a = document.createElement("a");
  a.href = url;
  a.rel = "noopener";
  if (download !== null) a.download = download;
  else a.target = "_blank";
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Focus an element once it is in the page (after a navigation re-rendered the view). */
export function useFocusOn(key: unknown, ref: { current: HTMLElement | null }, skipFirst = true): void {
  const first = useRef(skipFirst);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    ref.current?.focus();
  }, [key, ref]);
}

/** A short success note in a polite live region (present before it speaks, so it is heard). */
export function Note({ text }: { text: string | null }) {
  return (
    <p className="mat-note" role="status">
      {text ?? ""}
    </p>
  );
}
