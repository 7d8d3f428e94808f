// The organisation switcher: a plain labelled select (only when there is a choice).
import { useId } from "react";
import type { Schemas } from "../../api/client";
import { useT } from "../../i18n";

type MyOrg = Schemas["MyOrg"];

export function OrgSwitcher({
  orgs,
  current,
  onChange,
}: {
  orgs: MyOrg[];
  current: MyOrg | null;
  onChange(orgId: string): void;
}) {
  const t = useT();
  const id = useId();
  if (orgs.length === 0) return null;
  if (orgs.length === 1) {
    return <span className="org-name">{orgs[0]?.name}</span>;
  }
  return (
    <div className="org-switcher">
      <label htmlFor={id} className="sr-only">
        {t("nav.org")}
      </label>
      <select id={id} value={current?.org_id ?? ""} onChange={(e) => onChange(e.target.value)}>
        {orgs.map((o) => (
          <option key={o.org_id} value={o.org_id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}
