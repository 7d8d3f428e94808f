// "Journal" (verified staff) and "Diary" (students and parents): the organisation's
// electronic gradebook, opened in a new tab. The server decides who sees which entry
// (GET /orgs/{org}: `gradebook`, null for an entry not meant for me).
import { useEffect, useState } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { useT } from "../../i18n";

type Links = Schemas["GradebookLinks"];

export function GradebookLinks({ orgId }: { orgId: string }) {
  const t = useT();
  const [links, setLinks] = useState<Links | null>(null);
  useEffect(() => {
    let live = true;
    setLinks(null);
    ok(api.GET("/api/v1/orgs/{org_id}", { params: { path: { org_id: orgId } } }))
      .then((org) => live && setLinks(org.gradebook))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [orgId]);
  const entries = [
    { key: "journal", url: links?.journal_url, label: t("gradebook.journal") },
    { key: "diary", url: links?.diary_url, label: t("gradebook.diary") },
  ].filter((e): e is { key: string; url: string; label: string } => Boolean(e.url));
  if (entries.length === 0) return null;
  return (
    <ul className="section-links gradebook-links">
      {entries.map((e) => (
        <li key={e.key}>
          <a href={e.url} target="_blank" rel="noopener noreferrer">
            {e.label}
            <span className="sr-only"> {t("gradebook.newTab")}</span> <span aria-hidden="true">↗</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
