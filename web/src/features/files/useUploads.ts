// Uploads of a composer or a form: each file starts at once, with progress, cancel (abort,
// or DELETE once finished) and explained failures. Unsent uploads are dropped on unmount.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { cancelUpload, fileLimit, uploadError, uploadFile } from "./api";
import type { Attachment } from "./format";
import { MAX_ATTACHMENTS, readyAttachments, roomFor, uploadsBusy, uploadsReducer, type UploadItem } from "./uploadQueue";

export interface Uploads {
  items: UploadItem[];
  /** Local previews of chosen pictures (object URLs), by item key. */
  previews: ReadonlyMap<string, string>;
  busy: boolean;
  ready: Attachment[];
  /** A note about files not taken (too many), or null. */
  notice: string | null;
  add(files: readonly File[]): void;
  cancel(key: string): void;
  /** The finished uploads were used (sent): forget them without deleting. */
  take(): Attachment[];
  /** Drop everything, deleting finished uploads on the server. */
  discard(): void;
}

let counter = 0;
const newKey = () => `u${Date.now().toString(36)}${(counter++).toString(36)}`;

export function useUploads(orgId: string, chatId: string): Uploads {
  const { t } = useI18n();
  const [items, dispatch] = useReducer(uploadsReducer, []);
  const [notice, setNotice] = useState<string | null>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const controllers = useRef(new Map<string, AbortController>());
  const [previews, setPreviews] = useState<ReadonlyMap<string, string>>(new Map());
  const previewsRef = useRef(previews);
  previewsRef.current = previews;
  const where = useRef({ orgId, chatId });
  where.current = { orgId, chatId };

  const dropPreview = useCallback((key: string) => {
    const url = previewsRef.current.get(key);
    if (!url) return;
    URL.revokeObjectURL(url);
    setPreviews((m) => {
      const n = new Map(m);
      n.delete(key);
      return n;
    });
  }, []);

  const add = useCallback(
    (files: readonly File[]) => {
      if (!files.length) return;
      const room = roomFor(itemsRef.current, files.length);
      setNotice(room < files.length ? t("files.tooMany", { max: MAX_ATTACHMENTS }) : null);
      const { orgId: org, chatId: chat } = where.current;
      for (const file of files.slice(0, room)) {
        const key = newKey();
        dispatch({ type: "add", key, name: file.name || "file", size: file.size, mime: file.type });
        // Keep the queue's view current for a second batch before React re-renders.
        itemsRef.current = uploadsReducer(itemsRef.current, {
          type: "add",
          key,
          name: file.name || "file",
          size: file.size,
          mime: file.type,
        });
        if (file.type.startsWith("image/") && typeof URL.createObjectURL === "function") {
          const url = URL.createObjectURL(file);
          setPreviews((m) => new Map(m).set(key, url));
        }
        const ctrl = new AbortController();
        controllers.current.set(key, ctrl);
        void (async () => {
          const limit = await fileLimit(org);
          if (limit !== null && file.size > limit) {
            dispatch({ type: "failed", key, error: { code: "file_too_large", limit } });
            return;
          }
          if (file.size === 0) {
            dispatch({ type: "failed", key, error: { code: "empty_file" } });
            return;
          }
          try {
            const a = await uploadFile(org, chat, file, file.name || "file", {
              signal: ctrl.signal,
              onProgress: (fraction) => dispatch({ type: "progress", key, fraction }),
            });
            if (ctrl.signal.aborted) {
              void cancelUpload(org, chat, a.id);
              return;
            }
            dispatch({ type: "done", key, attachment: a });
          } catch (err) {
            const e = uploadError(err, limit);
            if (e.code !== "aborted") dispatch({ type: "failed", key, error: e });
          } finally {
            controllers.current.delete(key);
          }
        })();
      }
    },
    [t],
  );

  const cancel = useCallback(
    (key: string) => {
      const item = itemsRef.current.find((i) => i.key === key);
      controllers.current.get(key)?.abort();
      controllers.current.delete(key);
      if (item?.status === "done" && item.attachment) {
        void cancelUpload(where.current.orgId, where.current.chatId, item.attachment.id);
      }
      dispatch({ type: "remove", key });
      dropPreview(key);
      setNotice(null);
    },
    [dropPreview],
  );

  const take = useCallback(() => {
    const ready = readyAttachments(itemsRef.current);
    for (const key of previewsRef.current.keys()) dropPreview(key);
    dispatch({ type: "clear" });
    itemsRef.current = [];
    setNotice(null);
    return ready;
  }, [dropPreview]);

  const discard = useCallback(() => {
    for (const i of itemsRef.current) cancel(i.key);
  }, [cancel]);

  // Leaving (another chat, a closed dialog): abort running uploads and drop finished ones.
  useEffect(
    () => () => {
      const { orgId: org, chatId: chat } = where.current;
      for (const c of controllers.current.values()) c.abort();
      for (const i of itemsRef.current) {
        if (i.status === "done" && i.attachment) void cancelUpload(org, chat, i.attachment.id);
      }
      for (const url of previewsRef.current.values()) URL.revokeObjectURL(url);
    },
    [],
  );

  const busy = uploadsBusy(items);
  const ready = useMemo(() => readyAttachments(items), [items]);
  return { items, previews, busy, ready, notice, add, cancel, take, discard };
}

/** Files from a paste or a drop (images pasted from the clipboard get a readable name). */
export function filesFrom(data: DataTransfer | null): File[] {
  if (!data) return [];
  const out: File[] = [];
  if (data.files && data.files.length) {
    for (const f of Array.from(data.files)) out.push(f);
  } else if (data.items) {
    for (const item of Array.from(data.items)) {
      if (item.kind !== "file") continue;
      const f = item.getAsFile();
      if (f) out.push(f);
    }
  }
  return out.map((f) => {
    if (f.name && f.name !== "image.png") return f;
    const ext = f.type.split("/")[1]?.replace("jpeg", "jpg") ?? "bin";
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, "");
    return new File([f], `${f.type.startsWith("image/") ? "image" : "file"}-${stamp}.${ext}`, { type: f.type });
  });
}

/** Whether a drag carries files (not text or a link). */
export function dragHasFiles(data: DataTransfer | null): boolean {
  return Boolean(data && Array.from(data.types ?? []).includes("Files"));
}
