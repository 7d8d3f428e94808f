// The operator console's support section (/operator/support): requests organisations passed
// on to platform support, each with its organisation; /operator/support/<id> opens one.
import { useI18n } from "../../i18n";
import { platformInbox, platformThread, platformTicket } from "./api";
import { InboxTicket, InboxView } from "./Inbox";

export default function OperatorSupport({ id }: { id: string | null }) {
  const { t } = useI18n();
  if (id) {
    return (
      <InboxTicket
        key={id}
        back="/operator/support"
        load={() => platformTicket(id)}
        api={platformThread(id)}
        showOrg
        level={1}
      />
    );
  }
  return (
    <>
      <h1>{t("help.op.support")}</h1>
      <p className="muted">{t("help.op.supportIntro")}</p>
      <InboxView base="/operator/support" load={platformInbox} showOrg />
    </>
  );
}
