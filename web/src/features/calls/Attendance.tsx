// After a lesson: who joined, when and for how long (host only), with a CSV download.
import { useEffect, useState } from "react";
import { errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { callsApi } from "./api";
import type { AttendanceRow } from "./types";

export function Attendance({ orgId, callId }: { orgId: string; callId: string }) {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<AttendanceRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    callsApi
      .attendance({ orgId, callId })
      .then(setRows)
      .catch((err: unknown) => setError(errorText(t, err)));
  }, [orgId, callId, t]);
  const time = (iso: string | null) =>
    iso ? new Date(iso).toLocaleTimeString(lang === "ru" ? "ru-RU" : "en-GB", { hour: "2-digit", minute: "2-digit" }) : "—";
  return (
    <section className="call-attendance" aria-labelledby="attendance-title">
      <h3 id="attendance-title">{t("calls.attendance")}</h3>
      {error && <p role="alert">{error}</p>}
      {rows && rows.length === 0 && <p className="muted">{t("calls.attEmpty")}</p>}
      {rows && rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("calls.attName")}</th>
              <th scope="col">{t("calls.attFirst")}</th>
              <th scope="col">{t("calls.attLast")}</th>
              <th scope="col">{t("calls.attMinutes")}</th>
              <th scope="col">{t("calls.attTimes")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.account_id}>
                <th scope="row">{r.name}</th>
                <td>{time(r.first_joined_at)}</td>
                <td>{time(r.last_left_at ?? null)}</td>
                <td>{Math.round((r.seconds / 60) * 10) / 10}</td>
                <td>{r.stretches}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <a className="button secondary" href={callsApi.attendanceCsvUrl({ orgId, callId })} download>
        {t("calls.attCsv")}
      </a>
    </section>
  );
}
