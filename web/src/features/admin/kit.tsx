// Building blocks of the admin console: data loading, the confirmation dialog, labelled
// selects, inline field errors from ApiError.fields, dates, and the verified badge.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type ReactNode,
  type SelectHTMLAttributes,
} from "react";
import { ApiError } from "../../api/client";
import { Alert, codeText, errorText } from "../../components/ui";
import { useI18n, useT, type Key, type Lang, type T } from "../../i18n";

// --- loading ----------------------------------------------------------------------

export interface Loaded<D> {
  data: D | null;
  error: unknown;
  loading: boolean;
  reload(): void;
  set(update: D | ((d: D) => D)): void;
}

/** Load once per change of `deps`; `reload()` loads again, `set` changes the data locally. */
export function useLoad<D>(load: () => Promise<D>, deps: readonly unknown[]): Loaded<D> {
  const [data, setData] = useState<D | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    load()
      .then((d) => {
        if (live) setData(d);
      })
      .catch((err: unknown) => {
        if (live) setError(err);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const set = useCallback((update: D | ((d: D) => D)) => {
    setData((cur) =>
      typeof update === "function" ? (cur === null ? cur : (update as (d: D) => D)(cur)) : update,
    );
  }, []);
  return { data, error, loading, reload, set };
}

/** The loading line, or the error with a retry button; children once there is data. */
export function LoadState<D>({ state, children }: { state: Loaded<D>; children: (data: D) => ReactNode }) {
  const t = useT();
  if (state.error && state.data === null) {
    return (
      <div className="stack">
        <Alert>{errorText(t, state.error)}</Alert>
        <p>
          <button type="button" onClick={state.reload}>
            {t("common.retry")}
          </button>
        </p>
      </div>
    );
  }
  if (state.data === null) {
    return (
      <p className="loading" role="status">
        {t("common.loading")}
      </p>
    );
  }
  return <>{children(state.data)}</>;
}

// --- errors -----------------------------------------------------------------------

/** The inline error of one form field: the server's code translated when known. */
export function fieldError(t: T, err: unknown, ...names: string[]): string | null {
  if (!(err instanceof ApiError) || !err.fields) return null;
  const hit = names.find((n) => n in (err.fields ?? {}));
  if (!hit) return null;
  if (err.code && err.code !== "invalid") {
    const text = t(`error.${err.code}` as Key);
    if (text !== `error.${err.code}`) return text;
  }
  return t("admin.fieldInvalid");
}

/** A form-level sentence for an error (the generic one when fields carry the detail). */
export function formError(t: T, err: unknown): string | null {
  if (!err) return null;
  if (err instanceof ApiError && err.code === "invalid" && err.fields) return t("admin.checkFields");
  return errorText(t, err);
}

export { codeText };

// --- confirmation -------------------------------------------------------------------

interface ConfirmOptions {
  title: string;
  body?: string;
  action: string;
  danger?: boolean;
}
type Confirm = (o: ConfirmOptions) => Promise<boolean>;

const ConfirmCtx = createContext<Confirm>(() => Promise.resolve(false));

/** `const confirm = useConfirm(); if (await confirm({...}))` — an accessible modal dialog
 *  (native <dialog>: focus stays inside, Escape cancels, focus returns to the trigger). */
export function useConfirm(): Confirm {
  return useContext(ConfirmCtx);
}

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<(ConfirmOptions & { resolve(v: boolean): void }) | null>(null);
  const confirm = useCallback<Confirm>(
    (o) => new Promise<boolean>((resolve) => setOpen({ ...o, resolve })),
    [],
  );
  return (
    <ConfirmCtx.Provider value={confirm}>
      {children}
      {open && (
        <ConfirmDialog
          {...open}
          onDone={(v) => {
            open.resolve(v);
            setOpen(null);
          }}
        />
      )}
    </ConfirmCtx.Provider>
  );
}

function ConfirmDialog({ title, body, action, danger, onDone }: ConfirmOptions & { onDone(v: boolean): void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const result = useRef(false);
  useEffect(() => {
    const back = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => back?.focus?.();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-t`}
      aria-describedby={body ? `${id}-b` : undefined}
      onClose={() => onDone(result.current)}
    >
      <h2 id={`${id}-t`}>{title}</h2>
      {body && <p id={`${id}-b`}>{body}</p>}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={() => ref.current?.close()}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          className={danger ? "primary danger-fill" : "primary"}
          onClick={() => {
            result.current = true;
            ref.current?.close();
          }}
        >
          {action}
        </button>
      </div>
    </dialog>
  );
}

// --- actions ----------------------------------------------------------------------------

export interface ActionOptions<R> {
  /** Ask first (an accessible dialog); nothing happens when the person cancels. */
  confirm?: ConfirmOptions;
  /** After success: update or reload what changed, and return the sentence to announce. */
  then?(result: R): string | null | void;
}

export interface Action {
  /** Confirm (optionally), call, then reload and announce; errors land in `error`. True when done. */
  run<R>(call: () => Promise<R>, options?: ActionOptions<R>): Promise<boolean>;
  error: unknown;
  note: string | null;
  busy: boolean;
  setError(err: unknown): void;
  setNote(text: string | null): void;
}

/** The "confirm, call, reload, announce" shape every admin action shares. */
export function useAction(): Action {
  const confirm = useConfirm();
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <R,>(call: () => Promise<R>, options: ActionOptions<R> = {}): Promise<boolean> => {
      if (options.confirm && !(await confirm(options.confirm))) return false;
      setError(null);
      setNote(null);
      setBusy(true);
      try {
        const result = await call();
        setNote(options.then?.(result) ?? null);
        return true;
      } catch (err) {
        setError(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [confirm],
  );
  return { run, error, note, busy, setError, setNote };
}

// --- controls -------------------------------------------------------------------------

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  hint?: string;
  error?: string | null;
  children: ReactNode;
}

export function SelectField({ label, hint, error, id, children, ...rest }: SelectProps) {
  const auto = useId();
  const fid = id ?? auto;
  const describedBy = [hint ? `${fid}-hint` : "", error ? `${fid}-err` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={fid}>{label}</label>
      <select id={fid} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...rest}>
        {children}
      </select>
      {hint && (
        <p className="hint" id={`${fid}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${fid}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The verified badge, spoken as text. */
export function VerifiedBadge() {
  const t = useT();
  return (
    <span className="adm-badge ok">
      <span aria-hidden="true">✓</span> {t("admin.members.verified")}
    </span>
  );
}

/** A short success/progress note in a polite live region (visible too). */
export function StatusNote({ text }: { text: string | null }) {
  return (
    <p className="adm-status" role="status" aria-live="polite">
      {text ?? ""}
    </p>
  );
}

// --- dates ----------------------------------------------------------------------------

export function dateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function dateOnly(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + "T12:00:00") : new Date(iso);
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(d);
}

export function useLang(): Lang {
  return useI18n().lang;
}

export function roleLabel(t: T, role: string): string {
  const key = `role.${role}` as Key;
  const text = t(key);
  return text === key ? role : text;
}
