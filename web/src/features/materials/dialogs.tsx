// The library's small forms: a new folder, a link (new or changed), renaming, moving.
import { useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n, type T } from "../../i18n";
import { changeItem, createFolder, createLink, type Material, type Where } from "./api";
import { FolderPicker } from "./FolderPicker";
import { Modal } from "./kit";

/** A form error: field problems next to the field, anything else above the buttons. */
function split(t: T, err: unknown, field: string): { field: string | null; form: string | null } {
  if (!err) return { field: null, form: null };
  if (err instanceof ApiError) {
    if (err.code === "invalid_url" && field === "url") return { field: t("error.invalid_url"), form: null };
    if (err.fields && field in err.fields) {
      const key = `error.${err.code}`;
      const text = t(key as Parameters<T>[0]);
      return { field: text === key || err.code === "invalid" ? t("mat.fieldInvalid") : text, form: null };
    }
  }
  return { field: null, form: errorText(t, err) };
}

function useSubmit(run: () => Promise<Material>, onDone: (m: Material) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await run());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

export function FolderDialog({
  orgId,
  where,
  parentId,
  item,
  onClose,
  onDone,
}: {
  orgId: string;
  where: Where;
  parentId: string | null;
  /** Renaming this item (a folder or a file); a new folder when absent. */
  item?: Material;
  onClose(): void;
  onDone(m: Material): void;
}) {
  const { t } = useI18n();
  const [title, setTitle] = useState(item?.title ?? "");
  const form = useSubmit(
    () => (item ? changeItem(orgId, item.id, { title: title.trim() }) : createFolder(orgId, where, parentId, title.trim())),
    onDone,
  );
  const errors = split(t, form.error, "title");
  return (
    <Modal title={item ? t("mat.renameTitle", { name: item.title }) : t("mat.newFolderTitle")} onClose={onClose}>
      <form className="stack" onSubmit={(e) => void form.submit(e)}>
        <Field
          label={item ? t("mat.field.newName") : t("mat.field.folderName")}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          required
          autoFocus
          error={errors.field}
        />
        <Alert>{errors.form}</Alert>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={form.busy || !title.trim()}>
            {item ? t("mat.save") : t("mat.create")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function LinkDialog({
  orgId,
  where,
  parentId,
  item,
  onClose,
  onDone,
}: {
  orgId: string;
  where: Where;
  parentId: string | null;
  item?: Material;
  onClose(): void;
  onDone(m: Material): void;
}) {
  const { t } = useI18n();
  const [title, setTitle] = useState(item?.title ?? "");
  const [url, setUrl] = useState(item?.url ?? "");
  const form = useSubmit(() => {
    const clean = { title: title.trim(), url: url.trim() };
    return item ? changeItem(orgId, item.id, clean) : createLink(orgId, where, parentId, clean.title, clean.url);
  }, onDone);
  const urlErr = split(t, form.error, "url");
  const titleErr = split(t, form.error, "title");
  return (
    <Modal title={item ? t("mat.editLinkTitle") : t("mat.newLinkTitle")} onClose={onClose}>
      <form className="stack" onSubmit={(e) => void form.submit(e)}>
        <Field
          label={t("mat.field.url")}
          hint={t("mat.field.urlHint")}
          type="url"
          inputMode="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          maxLength={2000}
          required
          autoFocus
          error={urlErr.field}
        />
        <Field
          label={t("mat.field.linkTitle")}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          required
          error={titleErr.field}
        />
        <Alert>{urlErr.field || titleErr.field ? null : urlErr.form}</Alert>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={form.busy || !title.trim() || !url.trim()}>
            {item ? t("mat.save") : t("mat.add")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function MoveDialog({
  orgId,
  where,
  placeTitle,
  item,
  onClose,
  onDone,
}: {
  orgId: string;
  where: Where;
  placeTitle: string;
  item: Material;
  onClose(): void;
  onDone(m: Material): void;
}) {
  const { t } = useI18n();
  const [target, setTarget] = useState<string | null>(item.parent_id);
  const form = useSubmit(() => changeItem(orgId, item.id, { parent_id: target }), onDone);
  return (
    <Modal title={t("mat.moveTitle", { name: item.title })} onClose={onClose} wide>
      <form className="stack" onSubmit={(e) => void form.submit(e)}>
        <FolderPicker
          orgId={orgId}
          where={where}
          placeTitle={placeTitle}
          value={target}
          onChange={setTarget}
          exclude={item.kind === "folder" ? item.id : null}
          legend={t("mat.moveWhere")}
        />
        <Alert>{form.error ? errorText(t, form.error) : null}</Alert>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={form.busy || target === item.parent_id}>
            {t("mat.moveHere")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
