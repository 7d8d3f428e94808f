// The materials section (/materials/<place>/<id>[/<folder>]): the libraries I can open
// (the organisation's, my classes', my groups'), one folder with breadcrumbs, and for those
// allowed: new folders and links, uploads (button or drop), rename, move and delete.
import { useCallback, useEffect, useRef, useState, type DragEvent } from "react";
import { ApiError } from "../../api/client";
import { Link, navigate } from "../../app/router";
import type { SectionProps } from "../../app/sections";
import { Alert, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { ConfirmProvider, useConfirm, useLoad } from "../admin/kit";
import { uploadErrorText } from "../files/UploadTray";
import { dragHasFiles, filesFrom } from "../files/useUploads";
import "../files/files.css";
import { deleteItem, folder, places, type Material, type Place, type Where } from "./api";
import { FolderDialog, LinkDialog, MoveDialog } from "./dialogs";
import { Items, type ItemAction } from "./Items";
import { Note, useFocusOn } from "./kit";
import { crumbs, groupPlaces, materialsPath, parseRest, samePlace, type MaterialsRoute, type PlaceKind } from "./paths";
import { useLibraryUploads } from "./uploads";

export default function MaterialsPage(props: SectionProps) {
  return (
    <ConfirmProvider>
      <Materials {...props} />
    </ConfirmProvider>
  );
}

function Materials({ orgId, rest }: SectionProps) {
  const { t } = useI18n();
  const route = parseRest(rest);
  const list = useLoad(() => places(orgId), [orgId]);
  const first = list.data?.[0];

  // The section's root opens the first library (the organisation's).
  useEffect(() => {
    if (!route && first) navigate(materialsPath(first.place as PlaceKind, first.place_id), { replace: true });
  }, [route, first]);

  useEffect(() => {
    document.title = `${t("mat.title")} — ${t("app.name")}`;
    return () => {
      document.title = t("app.name");
    };
  }, [t]);

  return (
    <section className="mat section-page" aria-labelledby="mat-h1">
      <header className="mat-head">
        <Link href="/" className="back button ghost">
          <span aria-hidden="true">←</span> <span className="back-text">{t("chat.back")}</span>
        </Link>
        <h1 id="mat-h1">{t("mat.title")}</h1>
      </header>
      {list.error && list.data === null ? (
        <div className="stack">
          <Alert>{errorText(t, list.error)}</Alert>
          <p>
            <button type="button" onClick={list.reload}>
              {t("common.retry")}
            </button>
          </p>
        </div>
      ) : list.data === null ? (
        <p className="loading" role="status">
          {t("common.loading")}
        </p>
      ) : list.data.length === 0 ? (
        <p className="muted">{t("mat.noPlaces")}</p>
      ) : (
        <div className="mat-layout">
          <PlaceNav places={list.data} route={route} />
          {route && (
            <Library
              key={`${route.place}:${route.placeId}`}
              orgId={orgId}
              route={route}
              known={list.data.find((p) => samePlace(p, route)) ?? null}
            />
          )}
        </div>
      )}
    </section>
  );
}

function PlaceNav({ places: all, route }: { places: Place[]; route: MaterialsRoute | null }) {
  const { t } = useI18n();
  const groups = groupPlaces(all);
  const heads: Record<PlaceKind, Key> = { org: "mat.places.org", class: "mat.places.classes", group: "mat.places.groups" };
  return (
    <nav className="mat-places" aria-label={t("mat.places")}>
      {(Object.keys(groups) as PlaceKind[])
        .filter((k) => groups[k].length > 0)
        .map((k) => (
          <div key={k} className="mat-place-group">
            <h2 className="mat-places-head" id={`mat-places-${k}`}>
              {t(heads[k])}
            </h2>
            <ul aria-labelledby={`mat-places-${k}`}>
              {groups[k].map((p) => (
                <li key={p.place_id}>
                  <Link
                    href={materialsPath(p.place as PlaceKind, p.place_id)}
                    aria-current={route && samePlace(p, route) ? "page" : undefined}
                  >
                    {p.title}
                    {p.archived && <span className="mat-archived"> ({t("mat.archived")})</span>}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
    </nav>
  );
}

type Open =
  | { kind: "folder" }
  | { kind: "link" }
  | { kind: "rename"; item: Material }
  | { kind: "move"; item: Material }
  | null;

function Library({ orgId, route, known }: { orgId: string; route: MaterialsRoute; known: Place | null }) {
  const { t, lang } = useI18n();
  const confirm = useConfirm();
  const where: Where = { place: route.place, placeId: route.placeId };
  const page = useLoad(() => folder(orgId, where, route.folderId), [orgId, route.place, route.placeId, route.folderId]);
  const [dialog, setDialog] = useState<Open>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [over, setOver] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  useFocusOn(route.folderId, heading);

  const reload = page.reload;
  const uploads = useLibraryUploads(
    orgId,
    where,
    route.folderId,
    useCallback(
      (m: Material) => {
        setNote(t("mat.uploaded", { name: m.title }));
        reload();
      },
      [reload, t],
    ),
  );

  const data = page.data;
  const place = data?.place ?? known;
  const canAdd = Boolean(place?.can_add && !place.archived);
  const title = place?.title ?? "";

  const done = (key: Key) => (m: Material) => {
    setDialog(null);
    setError(null);
    setNote(t(key, { name: m.title }));
    reload();
  };

  const act = async (action: ItemAction, item: Material) => {
    if (action === "rename") setDialog({ kind: "rename", item });
    else if (action === "move") setDialog({ kind: "move", item });
    else {
      const ok = await confirm({
        title: t(item.kind === "folder" ? "mat.deleteFolderTitle" : "mat.deleteTitle", { name: item.title }),
        body: item.kind === "folder" ? t("mat.deleteFolderBody") : t("mat.deleteBody"),
        action: t("mat.delete"),
        danger: true,
      });
      if (!ok) return;
      try {
        await deleteItem(orgId, item.id);
        setNote(t("mat.deleted", { name: item.title }));
        setError(null);
        reload();
        heading.current?.focus();
      } catch (err) {
        setError(err);
      }
    }
  };

  const drop = canAdd
    ? {
        onDragOver: (e: DragEvent) => {
          if (!dragHasFiles(e.dataTransfer)) return;
          e.preventDefault();
          setOver(true);
        },
        onDragLeave: (e: DragEvent) => {
          if (e.currentTarget === e.target) setOver(false);
        },
        onDrop: (e: DragEvent) => {
          if (!dragHasFiles(e.dataTransfer)) return;
          e.preventDefault();
          setOver(false);
          uploads.add(filesFrom(e.dataTransfer));
        },
      }
    : {};

  if (page.error && !data) {
    const missing = page.error instanceof ApiError && (page.error.status === 404 || page.error.code === "bad_folder");
    return (
      <div className="mat-library stack">
        <Alert>{missing ? t("mat.notFound") : errorText(t, page.error)}</Alert>
        {!missing && (
          <p>
            <button type="button" onClick={reload}>
              {t("common.retry")}
            </button>
          </p>
        )}
      </div>
    );
  }

  const trail = data ? crumbs(data.place, data.path) : [];
  const here = data?.folder?.title ?? title;

  return (
    <div className={over ? "mat-library mat-drop-over" : "mat-library"} {...drop}>
      <h2 className="mat-folder-title" ref={heading} tabIndex={-1}>
        {here}
      </h2>
      {trail.length > 1 && (
        <nav aria-label={t("mat.breadcrumbs")} className="mat-crumbs">
          <ol>
            {trail.map((c) => (
              <li key={c.href}>
                {c.current ? (
                  <span aria-current="page">{c.label}</span>
                ) : (
                  <Link href={c.href}>{c.label}</Link>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
      {place?.archived && <Alert kind="info">{t("mat.archivedNote")}</Alert>}
      {canAdd && (
        <div className="mat-toolbar" role="group" aria-label={t("mat.addGroup")}>
          <button type="button" aria-haspopup="dialog" onClick={() => setDialog({ kind: "folder" })}>
            {t("mat.newFolder")}
          </button>
          <button type="button" aria-haspopup="dialog" onClick={() => setDialog({ kind: "link" })}>
            {t("mat.newLink")}
          </button>
          <button type="button" className="primary" onClick={() => fileInput.current?.click()}>
            {t("mat.upload")}
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            tabIndex={-1}
            onChange={(e) => {
              uploads.add(Array.from(e.target.files ?? []));
              e.target.value = "";
            }}
          />
          <span className="hint mat-drop-hint">{t("mat.dropHint")}</span>
        </div>
      )}
      <Note text={note} />
      <Alert>{error ? errorText(t, error) : null}</Alert>
      {uploads.items.length > 0 && (
        <ul className="upload-list mat-uploads" aria-label={t("mat.uploads")}>
          {uploads.items.map((u) => (
            <li key={u.key} className={`upload-item ${u.status}`}>
              <div className="upload-main">
                <span className="upload-name">{u.name}</span>
                {u.status === "failed" ? (
                  <span className="field-error upload-error" role="alert">
                    {uploadErrorText(t, lang, u)}
                  </span>
                ) : (
                  <progress
                    className="upload-progress"
                    max={1}
                    value={u.progress}
                    aria-label={t("files.uploading", { name: u.name })}
                  />
                )}
              </div>
              {u.status === "failed" ? (
                <button type="button" className="small" onClick={() => uploads.dismiss(u.key)}>
                  {t("common.close")}
                  <span className="sr-only"> {u.name}</span>
                </button>
              ) : (
                <button type="button" className="small" onClick={() => uploads.cancel(u.key)}>
                  {t("common.cancel")}
                  <span className="sr-only"> {u.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!data ? (
        <p className="loading" role="status">
          {t("common.loading")}
        </p>
      ) : data.items.length === 0 ? (
        <p className="muted mat-empty">{canAdd ? t("mat.emptyCanAdd") : t("mat.empty")}</p>
      ) : (
        <Items orgId={orgId} items={data.items} onAction={(a, m) => void act(a, m)} onError={setError} />
      )}
      {dialog?.kind === "folder" && (
        <FolderDialog
          orgId={orgId}
          where={where}
          parentId={route.folderId}
          onClose={() => setDialog(null)}
          onDone={done("mat.folderCreated")}
        />
      )}
      {dialog?.kind === "link" && (
        <LinkDialog
          orgId={orgId}
          where={where}
          parentId={route.folderId}
          onClose={() => setDialog(null)}
          onDone={done("mat.linkAdded")}
        />
      )}
      {dialog?.kind === "rename" &&
        (dialog.item.kind === "link" ? (
          <LinkDialog
            orgId={orgId}
            where={where}
            parentId={route.folderId}
            item={dialog.item}
            onClose={() => setDialog(null)}
            onDone={done("mat.changed")}
          />
        ) : (
          <FolderDialog
            orgId={orgId}
            where={where}
            parentId={route.folderId}
            item={dialog.item}
            onClose={() => setDialog(null)}
            onDone={done("mat.changed")}
          />
        ))}
      {dialog?.kind === "move" && (
        <MoveDialog
          orgId={orgId}
          where={where}
          placeTitle={title}
          item={dialog.item}
          onClose={() => setDialog(null)}
          onDone={done("mat.moved")}
        />
      )}
    </div>
  );
}
