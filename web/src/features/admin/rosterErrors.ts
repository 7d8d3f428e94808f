// Texts of roster import problems from the server's stable codes and params (the English
// `message` is kept for API users and for codes this client does not know yet).
import type { Schemas } from "../../api/client";
import type { Key, T, Vars } from "../../i18n";
import { ru } from "../../i18n/ru";

/** A catalogue key, or null when this client has no text for it (a newer server's code). */
function known(key: string): Key | null {
  return key in ru ? (key as Key) : null;
}

export type RowError = Schemas["RowError"];
export type RowOutcome = Schemas["RowOutcome"];

/** One preview error of a row, in the interface language; numbers choose the plural form. */
export function rowErrorText(t: T, e: RowError): string {
  const key = known(`admin.roster.err.${e.code}`);
  if (key === null) return e.message;
  const params = e.params ?? {};
  const vars: Vars = { ...params, message: e.message };
  // The only number a sentence counts is a limit: it picks the plural form.
  if (typeof params.max === "number") vars.count = params.max;
  return t(key, vars);
}

/** Why a row was not created when the import was applied ("" for a created row). */
export function outcomeReason(t: T, o: RowOutcome, rowErrors: readonly RowError[] | undefined): string {
  if (o.code === "row_invalid" && rowErrors && rowErrors.length > 0) {
    return rowErrors.map((e) => rowErrorText(t, e)).join(" ");
  }
  if (o.code === "already_exists" || o.code === "class_not_in_year") {
    const key = known(`admin.roster.why.${o.code}`);
    if (key !== null) return t(key, { ...o.params });
  }
  return o.message;
}
