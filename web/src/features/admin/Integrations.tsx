// Integrations (/admin/integrations?tab=…): the gradebook and other school systems reach
// Parta through bots with scoped API tokens, incoming webhooks that post into a chat, and
// outgoing webhooks that receive chosen chat events, signed. Administrators only.
import { Link, useLocation } from "../../app/router";
import { useT, type Key } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { IntegrationsBots } from "./IntegrationsBots";
import { IntegrationsIncoming } from "./IntegrationsIncoming";
import { useIntegrationChats } from "./IntegrationsKit";
import { IntegrationsOutgoing } from "./IntegrationsOutgoing";
import { LoadState } from "./kit";

const TABS = ["bots", "incoming", "outgoing"] as const;
type Tab = (typeof TABS)[number];
const LABELS: Record<Tab, Key> = { bots: "int.tab.bots", incoming: "int.tab.incoming", outgoing: "int.tab.outgoing" };

export default function Integrations() {
  const t = useT();
  const admin = useAdmin();
  const { query } = useLocation();
  const raw = query.get("tab");
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? "") ? (raw as Tab) : "bots";
  const chats = useIntegrationChats(admin.orgId);
  return (
    <div className="stack adm-sections">
      <p className="lead">{t("int.lead")}</p>
      <nav className="int-tabs" aria-label={t("int.tabs")}>
        <ul>
          {TABS.map((x) => (
            <li key={x}>
              <Link href={`/admin/integrations${x === "bots" ? "" : `?tab=${x}`}`} aria-current={x === tab ? "page" : undefined}>
                {t(LABELS[x])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <LoadState state={chats}>
        {(list) =>
          tab === "bots" ? (
            <IntegrationsBots chats={list} />
          ) : tab === "incoming" ? (
            <IntegrationsIncoming chats={list} />
          ) : (
            <IntegrationsOutgoing chats={list} />
          )
        }
      </LoadState>
    </div>
  );
}
