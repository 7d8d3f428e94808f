// Parent–child links: the queue of pending requests to confirm or reject, and the decided
// ones. Administrators and the head see all; a class teacher the students of their classes.
import { useState } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert } from "../../components/ui";
import { useT } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { LoadState, StatusNote, dateTime, formError, useConfirm, useLang, useLoad } from "./kit";

type Link = Schemas["ParentLinkOut"];
type Status = Link["status"];
const STATUSES: Status[] = ["pending", "confirmed", "rejected"];

export default function ParentLinks() {
  const t = useT();
  const lang = useLang();
  const admin = useAdmin();
  const confirm = useConfirm();
  const [status, setStatus] = useState<Status>("pending");
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const links = useLoad(
    () =>
      ok(
        api.GET("/api/v1/orgs/{org_id}/parent-links", {
          params: { path: { org_id: admin.orgId }, query: { status } },
        }),
      ),
    [admin.orgId, status],
  );

  const decide = async (link: Link, yes: boolean) => {
    const names = { parent: link.parent.name, student: link.student.name };
    if (!yes) {
      const sure = await confirm({
        title: t("admin.links.rejectTitle"),
        body: t("admin.links.rejectBody", names),
        action: t("admin.links.reject"),
        danger: true,
      });
      if (!sure) return;
    }
    setError(null);
    setNote(null);
    try {
      const path = yes
        ? "/api/v1/orgs/{org_id}/parent-links/{link_id}/confirm"
        : "/api/v1/orgs/{org_id}/parent-links/{link_id}/reject";
      await ok(api.POST(path, { params: { path: { org_id: admin.orgId, link_id: link.id } } }));
      links.set((list) => list.filter((l) => l.id !== link.id));
      setNote(t(yes ? "admin.links.confirmedNote" : "admin.links.rejectedNote", names));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="stack">
      <p className="lead">{t("admin.links.intro")}</p>
      <fieldset className="adm-tabs">
        <legend className="sr-only">{t("admin.links.show")}</legend>
        {STATUSES.map((s) => (
          <label key={s} className="adm-tab">
            <input type="radio" name="link-status" checked={status === s} onChange={() => setStatus(s)} />
            {t(`admin.links.status.${s}`)}
          </label>
        ))}
      </fieldset>
      <StatusNote text={note} />
      {error ? <Alert>{formError(t, error)}</Alert> : null}
      <LoadState state={links}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t(status === "pending" ? "admin.links.nonePending" : "admin.links.none")}</p>
          ) : (
            <ul className="adm-list" aria-label={t(`admin.links.status.${status}`)}>
              {list.map((l) => (
                <li key={l.id} className="adm-item">
                  <div className="adm-item-main">
                    <p className="adm-item-title">
                      {t("admin.links.pair", { parent: l.parent.name, student: l.student.name })}
                    </p>
                    <p className="adm-meta">
                      {[
                        l.student.class_label ? t("admin.links.class", { label: l.student.class_label }) : null,
                        t("admin.links.requested", { when: dateTime(l.created_at, lang) }),
                        l.decided_at ? t("admin.links.decided", { when: dateTime(l.decided_at, lang) }) : null,
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                    </p>
                  </div>
                  <div className="adm-actions">
                    {l.status !== "confirmed" && (
                      <button
                        type="button"
                        className="small primary"
                        aria-label={t("admin.links.confirmWho", { parent: l.parent.name, student: l.student.name })}
                        onClick={() => void decide(l, true)}
                      >
                        {t("admin.links.confirm")}
                      </button>
                    )}
                    {l.status !== "rejected" && (
                      <button
                        type="button"
                        className="small danger"
                        aria-label={t("admin.links.rejectWho", { parent: l.parent.name, student: l.student.name })}
                        onClick={() => void decide(l, false)}
                      >
                        {t("admin.links.reject")}
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </div>
  );
}
