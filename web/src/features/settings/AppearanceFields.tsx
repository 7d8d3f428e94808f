// Language, appearance and text size choices: in the quick settings dialog and on the settings
// page. The language is also saved to the account (mail and notifications follow it).
import { api, ok } from "../../api/client";
import { LANGS, LANG_NAMES, useI18n, type Key, type Lang } from "../../i18n";
import { TEXT_SIZES, THEMES, useTheme } from "../../theme/theme";
import { useSession } from "../auth/session";

export function AppearanceFields({ languageLegend }: { languageLegend?: string }) {
  const { t, lang, setLang } = useI18n();
  const theme = useTheme();
  const session = useSession();

  const chooseLang = (l: Lang) => {
    setLang(l);
    void ok(api.PATCH("/api/v1/me", { body: { language: l } }))
      .then((account) => session.signedIn(account))
      .catch(() => undefined);
  };

  return (
    <>
      <fieldset>
        <legend>{languageLegend ?? t("settings.language")}</legend>
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
    </>
  );
}
