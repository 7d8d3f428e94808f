// Language, appearance and text size, in a modal dialog (native <dialog>: focus is
// trapped and Escape closes it).
import { useEffect, useRef } from "react";
import { api, ok } from "../../api/client";
import { LANGS, LANG_NAMES, useI18n, type Key, type Lang } from "../../i18n";
import { TEXT_SIZES, THEMES, useTheme } from "../../theme/theme";

export function SettingsDialog({ onClose }: { onClose(): void }) {
  const { t, lang, setLang } = useI18n();
  const theme = useTheme();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const chooseLang = (l: Lang) => {
    setLang(l);
    // Mail and notifications follow the account's language.
    void ok(api.PATCH("/api/v1/me", { body: { language: l } })).catch(() => undefined);
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="settings-title" onClose={onClose}>
      <h2 id="settings-title">{t("settings.title")}</h2>
      <fieldset>
        <legend>{t("settings.language")}</legend>
        {LANGS.map((l) => (
          <label key={l} className="check" lang={l}>
            <input type="radio" name="lang" checked={lang === l} onChange={() => chooseLang(l)} />
            {LANG_NAMES[l]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("settings.theme")}</legend>
        {THEMES.map((th) => (
          <label key={th} className="check">
            <input type="radio" name="theme" checked={theme.theme === th} onChange={() => theme.setTheme(th)} />
            {t(`settings.theme.${th}` as Key)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("settings.text")}</legend>
        {TEXT_SIZES.map((s) => (
          <label key={s} className="check">
            <input type="radio" name="text" checked={theme.text === s} onChange={() => theme.setText(s)} />
            {t(`settings.text.${s}` as Key)}
          </label>
        ))}
      </fieldset>
      <form method="dialog">
        <button type="submit" className="primary">
          {t("common.close")}
        </button>
      </form>
    </dialog>
  );
}
