// "Save to materials" from a chat message: choose a library I may add to and a folder in it,
// and which of the message's files; each is put there without a copy (POST …/shared).
import { useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { SelectField, useLoad } from "../admin/kit";
import type { Attachment } from "../files/format";
import { places, shareFromChat, type Where } from "./api";
import { FolderPicker } from "./FolderPicker";
import { Modal } from "./kit";
import { materialsPath, type PlaceKind } from "./paths";

export default function SaveToMaterials({
  orgId,
  attachments,
  onClose,
}: {
  orgId: string;
  attachments: readonly Attachment[];
  onClose(): void;
}) {
  const { t } = useI18n();
  const list = useLoad(() => places(orgId), [orgId]);
  const targets = (list.data ?? []).filter((p) => p.can_add && !p.archived);
  const [placeKey, setPlaceKey] = useState<string | null>(null);
  const [folderId, setFolderId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(attachments.map((a) => a.id)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<{ count: number; href: string; where: string } | null>(null);

  const key = (p: { place: string; place_id: string }) => `${p.place}:${p.place_id}`;
  const target = targets.find((p) => key(p) === placeKey) ?? targets[0] ?? null;
  const where: Where | null = target ? { place: target.place as PlaceKind, placeId: target.place_id } : null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!where || !target) return;
    setBusy(true);
    setError(null);
    let count = 0;
    try {
      for (const a of attachments) {
        if (!chosen.has(a.id)) continue;
        await shareFromChat(orgId, where, folderId, a.id);
        count += 1;
      }
      setSaved({ count, href: materialsPath(where.place, where.placeId, folderId), where: target.title });
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <Modal title={t("mat.save.title")} onClose={onClose} wide>
      {saved ? (
        <div className="stack">
          <Alert kind="ok">{t("mat.save.done", { count: saved.count, place: saved.where })}</Alert>
          <div className="dialog-actions">
            <Link href={saved.href} className="button primary" onClick={onClose}>
              {t("mat.save.open")}
            </Link>
            <button type="button" onClick={onClose} autoFocus>
              {t("common.close")}
            </button>
          </div>
        </div>
      ) : list.data === null ? (
        list.error ? (
          <Alert>{errorText(t, list.error)}</Alert>
        ) : (
          <p className="loading" role="status">
            {t("common.loading")}
          </p>
        )
      ) : !target || !where ? (
        <div className="stack">
          <p>{t("mat.save.nowhere")}</p>
          <div className="dialog-actions">
            <button type="button" onClick={onClose} autoFocus>
              {t("common.close")}
            </button>
          </div>
        </div>
      ) : (
        <form className="stack" onSubmit={(e) => void save(e)}>
          {attachments.length > 1 && (
            <fieldset className="mat-save-files">
              <legend>{t("mat.save.files")}</legend>
              {attachments.map((a) => (
                <label key={a.id} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(a.id)}
                    onChange={(e) =>
                      setChosen((cur) => {
                        const next = new Set(cur);
                        if (e.target.checked) next.add(a.id);
                        else next.delete(a.id);
                        return next;
                      })
                    }
                  />
                  {a.name}
                </label>
              ))}
            </fieldset>
          )}
          {attachments.length === 1 && <p className="mat-save-one">{t("mat.save.one", { name: attachments[0]?.name ?? "" })}</p>}
          <SelectField
            label={t("mat.save.place")}
            value={key(target)}
            autoFocus
            onChange={(e) => {
              setPlaceKey(e.target.value);
              setFolderId(null);
            }}
          >
            {targets.map((p) => (
              <option key={key(p)} value={key(p)}>
                {p.title}
              </option>
            ))}
          </SelectField>
          <FolderPicker
            key={key(target)}
            orgId={orgId}
            where={where}
            placeTitle={target.title}
            value={folderId}
            onChange={setFolderId}
            legend={t("mat.save.folder")}
          />
          <Alert>{error ? errorText(t, error) : null}</Alert>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="primary" disabled={busy || chosen.size === 0}>
              {busy ? t("mat.save.saving") : t("mat.save.submit")}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
