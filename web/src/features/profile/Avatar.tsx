// A person's or a chat's picture, or their initials when there is none (or it fails to load).
// Decorative: the name is always written next to it.
import { useState } from "react";
import "./avatar.css";

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[1]] : [words[0] ?? "?"];
  return letters
    .map((w) => [...(w ?? "")][0] ?? "")
    .join("")
    .toUpperCase();
}

export function Avatar({ name, url, size = 32 }: { name: string; url?: string | null | undefined; size?: number }) {
  const [failed, setFailed] = useState<string | null>(null);
  const style = { width: size, height: size, fontSize: Math.max(11, Math.round(size * 0.4)) };
  if (url && failed !== url) {
    return (
      <img className="avatar" src={url} alt="" width={size} height={size} style={style} onError={() => setFailed(url)} />
    );
  }
  return (
    // The letters come from CSS (attr()), so they never count as the visible text of a link.
    <span className="avatar avatar-initials" aria-hidden="true" style={style} data-initials={initials(name)} />
  );
}
