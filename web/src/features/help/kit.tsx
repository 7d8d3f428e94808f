// Small pieces shared by the help screens (the section, the admin and operator consoles).
import { useEffect, useRef, type ReactNode } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";

/** "Back to the chats", shown on narrow screens where the section replaces the chat list. */
export function BackToChats() {
  const { t } = useI18n();
  return (
    <Link href="/" className="back button ghost">
      <span aria-hidden="true">←</span> <span className="back-text">{t("chat.back")}</span>
    </Link>
  );
}

/** A view's heading, focused when the view opens (keyboard and screen reader users land on it). */
export function ViewHeading({ children, level = 2 }: { children: ReactNode; level?: 1 | 2 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const Tag = level === 1 ? "h1" : "h2";
  return (
    <Tag ref={ref} tabIndex={-1} className="help-h2">
      {children}
    </Tag>
  );
}
