// Submitting an item for the operator's review; then my submissions, with a note.
import { navigate } from "../../app/router";
import { useI18n } from "../../i18n";
import { ItemForm } from "./ItemForm";

export function Submit({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  return (
    <>
      <h2>{t("cat.newTitle")}</h2>
      <p className="muted">{t("cat.newLead")}</p>
      <ItemForm orgId={orgId} submitLabel={t("cat.form.submit")} onDone={() => navigate("/catalogue/mine?sent=1")} />
    </>
  );
}
