// Message catalogues (Russian first), language choice and the `t` function.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { en } from "./en";
import { ru } from "./ru";

export type Lang = "ru" | "en";
export const LANGS: Lang[] = ["ru", "en"];
export const LANG_NAMES: Record<Lang, string> = { ru: "Русский", en: "English" };

export type Plural = { one: string; few?: string; many?: string; other: string };
type Entry = string | Plural;
export type Key = keyof typeof ru;
export type Catalogue = { [K in Key]: (typeof ru)[K] extends string ? string : Plural };
export type Vars = Record<string, string | number>;

const catalogues: Record<Lang, Record<Key, Entry>> = { ru, en };
const STORAGE_KEY = "parta.lang";

/** Russian unless the browser prefers English (and not Russian) — or the person chose. */
export function detectLang(
  stored: string | null = safeGet(STORAGE_KEY),
  browser: readonly string[] = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language],
): Lang {
  if (stored === "ru" || stored === "en") return stored;
  for (const tag of browser) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "ru") return "ru";
    if (base === "en") return "en";
  }
  return "ru";
}

export function translate(lang: Lang, key: Key, vars: Vars = {}): string {
  const entry = catalogues[lang][key] ?? catalogues.ru[key];
  let text: string;
  if (typeof entry === "string") {
    text = entry;
  } else {
    const count = Number(vars.count ?? 0);
    const form = new Intl.PluralRules(lang).select(count) as keyof Plural;
    text = entry[form] ?? entry.other;
  }
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in vars ? String(vars[name]) : m,
  );
}

export type T = (key: Key, vars?: Vars) => string;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: T;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(initial ?? detectLang());
  const setLang = useCallback((l: Lang) => {
    safeSet(STORAGE_KEY, l);
    setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}

export function useT(): T {
  return useI18n().t;
}

function safeGet(key: string): string | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: the choice lasts for this page only
  }
}
