// The admin console's support section (/admin/support): every request of the organisation
// by status; ?ticket=<id> opens one with its thread, internal notes and the way to pass it on
// to platform support.
import { useLocation } from "../../app/router";
import { useAdmin } from "../admin/AdminConsole";
import { orgInbox, orgThread, orgTicket } from "./api";
import { InboxTicket, InboxView } from "./Inbox";

export default function AdminSupport() {
  const admin = useAdmin();
  const { query } = useLocation();
  const ticket = query.get("ticket");
  if (ticket) {
    return (
      <InboxTicket
        key={ticket}
        back="/admin/support"
        load={() => orgTicket(admin.orgId, ticket)}
        api={orgThread(admin.orgId, ticket)}
      />
    );
  }
  return <InboxView base="/admin/support" load={(status, cursor) => orgInbox(admin.orgId, status, cursor)} />;
}
