// May I ask for confirmation here? Verified staff (teachers, heads, staff) and administrators
// of the chat's organisation — the server's rule (acks/rules.py) mirrored for the interface;
// the server still decides. My organisations are fetched once per account and page.
import { useEffect, useState } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { isVerifiedStaff } from "../chats/NewChat";

type MyOrg = Schemas["MyOrg"];
const cache = new Map<string, Promise<MyOrg[]>>();

function myOrgs(accountId: string): Promise<MyOrg[]> {
  let p = cache.get(accountId);
  if (!p) {
    p = ok(api.GET("/api/v1/me/orgs"));
    p.catch(() => cache.delete(accountId));
    cache.set(accountId, p);
  }
  return p;
}

export function useVerifiedStaffIn(orgId: string, accountId: string): boolean {
  const [staff, setStaff] = useState(false);
  useEffect(() => {
    let live = true;
    myOrgs(accountId)
      .then((orgs) => {
        const org = orgs.find((o) => o.org_id === orgId);
        if (live) setStaff(isVerifiedStaff(org?.roles ?? []));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [orgId, accountId]);
  return staff;
}
