// The frame of the full-page screens outside the chats (profile and settings, the operator
// console): top bar, a section navigation and the main landmark.
import { useEffect, useRef, type ReactNode } from "react";
import { Link } from "../../app/router";
import { Logo } from "../../components/ui";
import { useT } from "../../i18n";
import { useSession } from "../auth/session";
import "./profile.css";

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

export function PageFrame({
  title,
  navLabel,
  nav,
  backHref = "/",
  backLabel,
  focusKey,
  children,
}: {
  title: string;
  navLabel: string;
  nav: NavItem[];
  backHref?: string;
  backLabel: string;
  /** When it changes, focus moves to the main region (a new section was opened). */
  focusKey?: string;
  children: ReactNode;
}) {
  const t = useT();
  const session = useSession();
  const shown = useRef(focusKey);
  useEffect(() => {
    if (shown.current !== focusKey) document.getElementById("main")?.focus();
    shown.current = focusKey;
  }, [focusKey]);
  return (
    <div className="app page-frame">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <div className="brand">
          <Logo size={28} />
          <span className="brand-name">{t("app.name")}</span>
        </div>
        <span className="org-name">{title}</span>
        <div className="topbar-actions">
          <Link href={backHref} className="button ghost">
            <span aria-hidden="true">←</span> {backLabel}
          </Link>
          <button type="button" className="ghost" onClick={() => void session.signOut()}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      <div className="pf-body">
        <nav className="pf-nav" aria-label={navLabel}>
          <ul>
            {nav.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={item.current ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="pf-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
