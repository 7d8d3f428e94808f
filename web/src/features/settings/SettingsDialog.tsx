// Language, appearance and text size, in a modal dialog (native <dialog>: focus is
// trapped and Escape closes it), with a way to the full settings page (profile, e-mail,
// password, sessions, notifications).
import { useEffect, useRef } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { AppearanceFields } from "./AppearanceFields";

export function SettingsDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="settings-title" onClose={onClose}>
      <h2 id="settings-title">{t("settings.title")}</h2>
      <AppearanceFields />
      <p>
        <Link href="/settings" onClick={() => ref.current?.close()}>
          {t("profile.openSettings")}
        </Link>
      </p>
      <form method="dialog">
        <button type="submit" className="primary">
          {t("common.close")}
        </button>
      </form>
    </dialog>
  );
}
