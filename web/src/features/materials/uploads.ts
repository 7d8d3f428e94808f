// Direct uploads into a library folder: every chosen file starts at once, with progress,
// cancel and an explained failure; the folder reloads after each success.
import { useCallback, useEffect, useRef, useState } from "react";
import { uploadError } from "../files/api";
import type { UploadItem } from "../files/uploadQueue";
import { uploadInto, type Material, type Where } from "./api";

export interface LibraryUploads {
  items: UploadItem[];
  add(files: readonly File[]): void;
  cancel(key: string): void;
  dismiss(key: string): void;
}

let counter = 0;

export function useLibraryUploads(
  orgId: string,
  where: Where,
  folderId: string | null,
  onDone: (m: Material) => void,
): LibraryUploads {
  const [items, setItems] = useState<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const done = useRef(onDone);
  done.current = onDone;

  // Leaving the folder (or the page) stops what is still running.
  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const c of running.values()) c.abort();
      running.clear();
    };
  }, [orgId, where.place, where.placeId, folderId]);

  const patch = (key: string, change: Partial<UploadItem>) =>
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const add = useCallback(
    (files: readonly File[]) => {
      for (const file of files) {
        const key = `m${(counter++).toString(36)}`;
        const control = new AbortController();
        controllers.current.set(key, control);
        setItems((list) => [
          ...list,
          { key, name: file.name || "file", size: file.size, mime: file.type, progress: 0, status: "uploading" },
        ]);
        uploadInto(orgId, where, folderId, file, {
          signal: control.signal,
          onProgress: (fraction) => patch(key, { progress: fraction }),
        })
          .then((m) => {
            setItems((list) => list.filter((i) => i.key !== key));
            done.current(m);
          })
          .catch((err: unknown) => {
            const error = uploadError(err, null);
            if (error.code === "aborted") setItems((list) => list.filter((i) => i.key !== key));
            else patch(key, { status: "failed", error });
          })
          .finally(() => controllers.current.delete(key));
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [orgId, where.place, where.placeId, folderId],
  );

  const cancel = useCallback((key: string) => controllers.current.get(key)?.abort(), []);
  const dismiss = useCallback((key: string) => setItems((list) => list.filter((i) => i.key !== key)), []);
  return { items, add, cancel, dismiss };
}
