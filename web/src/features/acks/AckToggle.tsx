// "Important: ask to confirm" in the composer (verified staff and administrators only).
import { useId } from "react";
import { useT } from "../../i18n";
import "./acks.css";

export function AckToggle({ checked, onChange }: { checked: boolean; onChange(on: boolean): void }) {
  const t = useT();
  const id = useId();
  return (
    <div className={checked ? "ack-toggle on" : "ack-toggle"}>
      <label className="check small">
        <input type="checkbox" checked={checked} aria-describedby={`${id}-hint`} onChange={(e) => onChange(e.target.checked)} />
        {t("acks.toggle")}
      </label>
      <span className="sr-only" id={`${id}-hint`}>
        {t("acks.toggleHint")}
      </span>
    </div>
  );
}
