// Multipart uploads with progress (fetch cannot report upload progress, XMLHttpRequest can).
// Same contract as `ok()`: the parsed JSON body, or an ApiError (status 0 for the network).
import { ApiError, readCookie, toApiError } from "./client";

export interface UploadOptions {
  method?: "POST" | "PUT";
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export function upload<T>(url: string, form: FormData, opts: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(opts.method ?? "POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    const csrf = readCookie("parta_csrf");
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && opts.onProgress) opts.onProgress(e.total ? e.loaded / e.total : 0);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        opts.onProgress?.(1);
        resolve(body as T);
        return;
      }
      const headers = new Headers();
      const retry = xhr.getResponseHeader("Retry-After");
      if (retry) headers.set("Retry-After", retry);
      reject(toApiError(xhr.status, body, new Response(null, { status: 200, headers })));
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "network error"));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "aborted"));
    opts.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}
