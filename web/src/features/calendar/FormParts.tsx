// Parts of the event form: a labelled row, the time-zone choices, the reminders and the
// files of a chat event.
import { useState, type ReactNode } from "react";
import type { Lang, T } from "../../i18n";
import { useI18n } from "../../i18n";
import { cancelUpload, uploadFile } from "../files/api";
import type { Attachment } from "../files/format";
import { isZone } from "./dates";
import { REMINDER_CHOICES, reminderText, zoneLabel } from "./format";
import type { CalContext } from "./kit";

const MAX_REMINDERS = 5;

export function Row({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string | undefined; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function zoneChoices(cal: CalContext, current: string, lang: Lang, t: T): { value: string; label: string }[] {
  const seen = new Set<string>();
  const out: { value: string; label: string }[] = [];
  const add = (value: string, label: string) => {
    if (seen.has(value) || !isZone(value)) return;
    seen.add(value);
    out.push({ value, label });
  };
  add(cal.tz, t("cal.form.zoneMine", { zone: zoneLabel(cal.tz, lang) }));
  add(cal.orgTz, t("cal.form.zoneOrg", { zone: zoneLabel(cal.orgTz, lang) }));
  add(current, zoneLabel(current, lang));
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf("timeZone");
  } catch {
    all = [];
  }
  for (const z of all) add(z, zoneLabel(z, lang));
  return out;
}

/** The chosen reminders (each removable) and a picker to add one (at most five). */
export function RemindersField({ id, value, onChange }: { id: string; value: number[]; onChange(v: number[]): void }) {
  const { t } = useI18n();
  const [add, setAdd] = useState("");
  return (
    <fieldset>
      <legend>{t("cal.form.reminders")}</legend>
      <p className="hint" id={`${id}-rem-hint`}>
        {t("cal.form.remindersHint")}
      </p>
      {value.length > 0 ? (
        <ul className="cal-reminders">
          {value.map((m) => (
            <li key={m}>
              {reminderText(m, t)}{" "}
              <button type="button" className="small ghost" aria-label={t("cal.form.removeReminder", { when: reminderText(m, t) })} onClick={() => onChange(value.filter((x) => x !== m))}>
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("cal.remindersNone")}</p>
      )}
      {value.length < MAX_REMINDERS && (
        <div className="cal-inline">
          <Row id={`${id}-rem`} label={t("cal.form.reminderAt")}>
            <select id={`${id}-rem`} value={add} aria-describedby={`${id}-rem-hint`} onChange={(e) => setAdd(e.target.value)}>
              <option value="">{t("cal.form.choose")}</option>
              {REMINDER_CHOICES.filter((m) => !value.includes(m)).map((m) => (
                <option key={m} value={m}>
                  {reminderText(m, t)}
                </option>
              ))}
            </select>
          </Row>
          <button
            type="button"
            disabled={add === ""}
            onClick={() => {
              onChange([...value, Number(add)].sort((a, b) => b - a));
              setAdd("");
            }}
          >
            {t("cal.form.addReminder")}
          </button>
        </div>
      )}
    </fieldset>
  );
}

export interface Upload {
  key: string;
  name: string;
  attachment: Attachment | null;
}

/** Files of a chat event: uploaded to the chat at once (pending until the event's message
 * carries them), each removable. */
export function FilesField({
  id,
  orgId,
  chatId,
  uploads,
  setUploads,
  onError,
}: {
  id: string;
  orgId: string;
  chatId: string;
  uploads: Upload[];
  setUploads(fn: (us: Upload[]) => Upload[]): void;
  onError(err: unknown): void;
}) {
  const { t } = useI18n();
  const add = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      setUploads((us) => [...us, { key, name: file.name, attachment: null }]);
      uploadFile(orgId, chatId, file, file.name)
        .then((a) => setUploads((us) => us.map((u) => (u.key === key ? { ...u, attachment: a } : u))))
        .catch((err: unknown) => {
          setUploads((us) => us.filter((u) => u.key !== key));
          onError(err);
        });
    }
  };
  return (
    <fieldset>
      <legend>{t("cal.form.files")}</legend>
      <p className="hint" id={`${id}-files-hint`}>
        {t("cal.form.filesHint")}
      </p>
      <input
        type="file"
        multiple
        aria-label={t("cal.form.files")}
        aria-describedby={`${id}-files-hint`}
        onChange={(e) => {
          add(e.target.files);
          e.target.value = "";
        }}
      />
      {uploads.length > 0 && (
        <ul className="cal-uploads">
          {uploads.map((u) => (
            <li key={u.key}>
              {u.attachment ? u.name : t("cal.form.uploading", { name: u.name })}{" "}
              {u.attachment && (
                <button
                  type="button"
                  className="small ghost"
                  aria-label={t("cal.form.removeFile", { name: u.name })}
                  onClick={() => {
                    if (u.attachment) void cancelUpload(orgId, chatId, u.attachment.id);
                    setUploads((us) => us.filter((x) => x.key !== u.key));
                  }}
                >
                  <span aria-hidden="true">✕</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
