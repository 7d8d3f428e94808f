// Appearance: light, dark, high contrast (or the system's), and the text size.
// Applied as data attributes on <html>; the CSS does the rest (see styles.css).
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

export type ThemeChoice = "system" | "light" | "dark" | "contrast";
export type TextSize = "normal" | "large" | "larger";
export const THEMES: ThemeChoice[] = ["system", "light", "dark", "contrast"];
export const TEXT_SIZES: TextSize[] = ["normal", "large", "larger"];

interface Prefs {
  theme: ThemeChoice;
  text: TextSize;
}

const KEY = "parta.appearance";

export function loadPrefs(): Prefs {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<Prefs>;
    return {
      theme: THEMES.includes(raw.theme as ThemeChoice) ? (raw.theme as ThemeChoice) : "system",
      text: TEXT_SIZES.includes(raw.text as TextSize) ? (raw.text as TextSize) : "normal",
    };
  } catch {
    return { theme: "system", text: "normal" };
  }
}

function systemTheme(): "light" | "dark" | "contrast" {
  if (window.matchMedia?.("(prefers-contrast: more)").matches) return "contrast";
  if (window.matchMedia?.("(forced-colors: active)").matches) return "contrast";
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Set the attributes at once (called before the first render, so nothing flashes). */
export function applyPrefs(p: Prefs): void {
  const root = document.documentElement;
  root.dataset.theme = p.theme === "system" ? systemTheme() : p.theme;
  root.dataset.text = p.text;
}

interface ThemeApi extends Prefs {
  setTheme(t: ThemeChoice): void;
  setText(t: TextSize): void;
}

const Ctx = createContext<ThemeApi | null>(null);

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefs] = useState<Prefs>(loadPrefs);
  useEffect(() => {
    applyPrefs(prefs);
    try {
      localStorage.setItem(KEY, JSON.stringify(prefs));
    } catch {
      // not persisted in private mode
    }
    if (prefs.theme !== "system" || !window.matchMedia) return;
    const queries = ["(prefers-color-scheme: dark)", "(prefers-contrast: more)"].map((q) =>
      window.matchMedia(q),
    );
    const onChange = () => applyPrefs(prefs);
    for (const q of queries) q.addEventListener("change", onChange);
    return () => {
      for (const q of queries) q.removeEventListener("change", onChange);
    };
  }, [prefs]);
  const api = useMemo<ThemeApi>(
    () => ({
      ...prefs,
      setTheme: (theme) => setPrefs((p) => ({ ...p, theme })),
      setText: (text) => setPrefs((p) => ({ ...p, text })),
    }),
    [prefs],
  );
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>;
}

export function useTheme(): ThemeApi {
  const v = useContext(Ctx);
  if (!v) throw new Error("useTheme outside ThemeProvider");
  return v;
}
