// Policies → two-factor authentication of administrators: when on, an administrator without
// it cannot work in the organisation until they turn it on (the server answers
// `totp_required_by_org`). Turning it on needs it on for yourself first.
import { useState, type FormEvent } from "react";
import { api, ok } from "../../api/client";
import { Alert } from "../../components/ui";
import { Link } from "../../app/router";
import { useT } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { StatusNote, formError } from "./kit";

export function TwoFactorPolicy() {
  const t = useT();
  const admin = useAdmin();
  const [required, setRequired] = useState(admin.org.settings.admins_require_totp);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    setBusy(true);
    try {
      await ok(
        api.PATCH("/api/v1/orgs/{org_id}", {
          params: { path: { org_id: admin.orgId } },
          body: { settings: { admins_require_totp: required } },
        }),
      );
      setNote(t("admin.saved"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="pol-totp" className="adm-card">
      <h2 id="pol-totp">{t("totp.policyTitle")}</h2>
      <form className="stack" onSubmit={(e) => void save(e)} noValidate>
        <div>
          <label className="check">
            <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} aria-describedby="pol-totp-hint" />
            {t("totp.policyLabel")}
          </label>
          <p className="hint" id="pol-totp-hint">
            {t("totp.policyHint")} <Link href="/settings/twofactor">{t("profile.section.twofactor")}</Link>
          </p>
        </div>
        {error ? <Alert>{formError(t, error)}</Alert> : null}
        <div className="adm-save">
          <button type="submit" className="primary" disabled={busy}>
            {t("totp.policySave")}
          </button>
          <StatusNote text={note} />
        </div>
      </form>
    </section>
  );
}
