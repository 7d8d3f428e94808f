// The operator's catalogue console (/operator/catalogue): the review queue (oldest first),
// verified and rejected items; approve, reject with a reason, withdraw; add an item.
import { useState } from "react";
import { api, ok } from "../../api/client";
import { useLocation } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { ConfirmProvider, useConfirm } from "../admin/kit";
import { Modal, Note } from "../materials/kit";
import { StatusTabs, usePaged, when } from "../operator/kit";
import { approve, reject, reviewQueue, withdraw, type ReviewItem, type Status } from "./api";
import { ItemForm } from "./ItemForm";
import { ItemOpen, ItemSummary } from "./ItemParts";

const STATUSES = ["pending", "verified", "rejected"] as const;

export default function Review() {
  return (
    <ConfirmProvider>
      <Queue />
    </ConfirmProvider>
  );
}

function Queue() {
  const { t, lang } = useI18n();
  const confirm = useConfirm();
  const { query } = useLocation();
  const raw = query.get("status");
  const status: Status = (STATUSES as readonly string[]).includes(raw ?? "") ? (raw as Status) : "pending";
  const list = usePaged<ReviewItem>((cursor) => reviewQueue(status, cursor), status);
  const [rejecting, setRejecting] = useState<ReviewItem | null>(null);
  const [adding, setAdding] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [gone, setGone] = useState<Set<string>>(new Set());

  // Decided items leave the list they were in (the same item is then in another tab).
  const drop = (id: string) => setGone((s) => new Set(s).add(`${status}/${id}`));
  const run = async (fn: () => Promise<unknown>, id: string, text: string) => {
    setError(null);
    try {
      await fn();
      drop(id);
      setNote(text);
    } catch (err) {
      setError(err);
    }
  };
  const fresh = (id: string) =>
    ok(api.GET("/api/v1/operator/catalogue/items/{item_id}", { params: { path: { item_id: id } } }));
  const items = (list.items ?? []).filter((i) => !gone.has(`${status}/${i.id}`));

  return (
    <>
      <div className="cat-review-head">
        <h1>{t("cat.op.title")}</h1>
        <button type="button" className="primary" aria-haspopup="dialog" onClick={() => setAdding(true)}>
          {t("cat.op.add")}
        </button>
      </div>
      <StatusTabs
        label={t("cat.op.filter")}
        statuses={STATUSES}
        current={status}
        href={(s) => `/operator/catalogue${s === "pending" ? "" : `?status=${s}`}`}
        text={(s) => t(`cat.op.tab.${s}` as Key)}
      />
      <Note text={note} />
      <Alert>{error ? errorText(t, error) : null}</Alert>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <p className="loading" role="status">
          {t("common.loading")}
        </p>
      ) : items.length === 0 ? (
        <p className="op-empty">{t(status === "pending" ? "cat.op.emptyQueue" : "cat.op.empty")}</p>
      ) : (
        <ul className="cat-list">
          {items.map((it) => (
            <li key={it.id} className="cat-card">
              <ItemSummary item={it} level={2}>
                <p className="cat-meta">
                  {it.by_operator
                    ? t("cat.byOperator")
                    : t("cat.op.from", {
                        name: it.submitted_by?.name ?? "—",
                        org: it.submitted_by?.org_name ?? "—",
                      })}
                  {" · "}
                  {t("cat.sentOn", { date: when(it.created_at, lang) })}
                </p>
                {it.description && <details className="cat-full"><summary>{t("cat.op.fullText")}</summary><p className="cat-description">{it.description}</p></details>}
                {it.status === "rejected" && it.reject_reason && (
                  <p className="cat-reason">{t("cat.rejectedBecause", { reason: it.reject_reason })}</p>
                )}
              </ItemSummary>
              <div className="cat-actions">
                <ItemOpen item={it} fresh={() => fresh(it.id)} onError={setError} />
                {it.status === "pending" && (
                  <>
                    <button
                      type="button"
                      className="small primary"
                      onClick={() => void run(() => approve(it.id), it.id, t("cat.op.approved", { title: it.title }))}
                    >
                      {t("cat.op.approve")}
                      <span className="sr-only"> {it.title}</span>
                    </button>
                    <button type="button" className="small danger" aria-haspopup="dialog" onClick={() => setRejecting(it)}>
                      {t("cat.op.reject")}
                      <span className="sr-only"> {it.title}</span>
                    </button>
                  </>
                )}
                {it.status === "verified" && (
                  <button
                    type="button"
                    className="small danger"
                    onClick={() =>
                      void confirm({
                        title: t("cat.op.withdrawTitle", { title: it.title }),
                        body: t("cat.op.withdrawBody"),
                        action: t("cat.op.withdraw"),
                        danger: true,
                      }).then((yes) => {
                        if (yes) void run(() => withdraw(it.id), it.id, t("cat.op.withdrawn", { title: it.title }));
                      })
                    }
                  >
                    {t("cat.op.withdraw")}
                    <span className="sr-only"> {it.title}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {list.loadingMore ? t("common.loading") : t("cat.more")}
        </button>
      )}
      {rejecting && (
        <RejectDialog
          item={rejecting}
          onClose={() => setRejecting(null)}
          onDone={() => {
            drop(rejecting.id);
            setNote(t("cat.op.rejected", { title: rejecting.title }));
            setRejecting(null);
          }}
        />
      )}
      {adding && (
        <Modal title={t("cat.op.addTitle")} onClose={() => setAdding(false)} wide>
          <p className="muted">{t("cat.op.addLead")}</p>
          <ItemForm<ReviewItem>
            orgId={null}
            submitLabel={t("cat.op.addSubmit")}
            onCancel={() => setAdding(false)}
            onDone={(it) => {
              setAdding(false);
              setNote(t("cat.op.added", { title: it.title }));
              list.reload();
            }}
          />
        </Modal>
      )}
    </>
  );
}

function RejectDialog({ item, onClose, onDone }: { item: ReviewItem; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal title={t("cat.op.rejectTitle", { title: item.title })} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          reject(item.id, reason.trim()).then(onDone, (err: unknown) => {
            setError(err);
            setBusy(false);
          });
        }}
      >
        <div className="field">
          <label htmlFor="cat-reject-reason">{t("cat.op.reason")}</label>
          <textarea
            id="cat-reject-reason"
            rows={4}
            maxLength={1000}
            required
            autoFocus
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby="cat-reject-hint"
          />
          <p className="hint" id="cat-reject-hint">
            {t("cat.op.reasonHint")}
          </p>
        </div>
        <Alert>{error ? errorText(t, error) : null}</Alert>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary danger-fill" disabled={busy || !reason.trim()}>
            {t("cat.op.rejectSubmit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
