// The one typed API client of the app: openapi-fetch over the generated schema, plus
// the CSRF header on unsafe requests and typed errors. No fetch calls elsewhere.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type ErrorCode = string;

/** An API error as the server describes it: `{"error": {code, message, fields}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | null;
  readonly retryAfter: number | null;

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    fields: Record<string, string> | null = null,
    retryAfter: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }

  /** The request never reached the server (offline, DNS, connection refused). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CSRF_COOKIE = "parta_csrf";

export function readCookie(name: string): string | null {
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

let unauthorizedHandler: (() => void) | null = null;
/** Called once per 401 from any request except sign-in forms (the session ended). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method)) {
      const token = readCookie(CSRF_COOKIE);
      // A request may carry its own token (a call guest's, which lives outside the cookie).
      if (token && !request.headers.has("X-CSRF-Token")) request.headers.set("X-CSRF-Token", token);
    }
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && unauthorizedHandler) unauthorizedHandler();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrf);

type Result<T> = { data?: T; error?: unknown; response: Response };

export function toApiError(status: number, body: unknown, response?: Response): ApiError {
  const retry = response?.headers.get("Retry-After");
  const retryAfter = retry && /^\d+$/.test(retry) ? Number(retry) : null;
  if (body && typeof body === "object" && "error" in body) {
    const e = (body as { error: unknown }).error;
    if (e && typeof e === "object") {
      const { code, message, fields } = e as Record<string, unknown>;
      return new ApiError(
        status,
        typeof code === "string" ? code : "http_error",
        typeof message === "string" ? message : "",
        fields && typeof fields === "object" ? (fields as Record<string, string>) : null,
        retryAfter,
      );
    }
  }
  return new ApiError(status, status >= 500 ? "internal" : "http_error", "", null, retryAfter);
}

/** Await an openapi-fetch call and return its data, or throw an ApiError. */
export async function ok<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(0, "network", err instanceof Error ? err.message : "network error");
  }
  if (result.response.ok) return result.data as T;
  throw toApiError(result.response.status, result.error, result.response);
}
