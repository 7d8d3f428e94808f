"""Endpoints: the server's VAPID key, my devices with pushes on, a test push, and my
notification preferences (pushes and the e-mail digest). Everything here is the signed-in
person's own: nobody sees or changes anyone else's devices or preferences."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from parta.auth.deps import CurrentActor
from parta.deps import DB
from parta.kit.http import user_agent
from parta.push import prefs, subscriptions, vapid
from parta.push.schemas import (
    PrefsOut,
    PrefsPatch,
    SubscriptionIn,
    SubscriptionOut,
    TestPushOut,
    VapidKeyOut,
)

router = APIRouter(tags=["notifications"])


@router.get("/push/vapid-key", response_model=VapidKeyOut)
async def vapid_key(actor: CurrentActor, db: DB) -> VapidKeyOut:
    """The server's VAPID public key, for `PushManager.subscribe({applicationServerKey})`."""
    return VapidKeyOut(public_key=(await vapid.load(db)).public_key)


@router.get("/me/push/subscriptions", response_model=list[SubscriptionOut])
async def list_devices(actor: CurrentActor, db: DB) -> list[SubscriptionOut]:
    """My devices with pushes on (`this_session`: the one asking)."""
    return await subscriptions.my_devices(db, actor)


@router.put("/me/push/subscriptions", response_model=SubscriptionOut)
async def add_device(
    body: SubscriptionIn, request: Request, actor: CurrentActor, db: DB
) -> SubscriptionOut:
    """Turn pushes on for this device with its `PushSubscription.toJSON()`; idempotent by
    endpoint. Pushes go while this session lives (signing out stops them).

    422 `endpoint_not_allowed` for an endpoint that is not https or is a private address
    (unless PARTA_PUSH_ALLOW_PRIVATE); 422 `invalid_subscription` for keys that are not
    Web Push keys."""
    return await subscriptions.register(db, actor, body, user_agent(request))


@router.delete("/me/push/subscriptions/{subscription_id}", status_code=204)
async def remove_device(subscription_id: str, actor: CurrentActor, db: DB) -> Response:
    """Turn pushes off for one of my devices; 404 when it is not mine."""
    await subscriptions.remove(db, actor, subscription_id)
    return Response(status_code=204)


@router.post("/me/push/test", response_model=TestPushOut, status_code=202)
async def test_push(actor: CurrentActor, db: DB) -> TestPushOut:
    """Send a test notification to all my devices (409 `no_push_devices` without any; 429 after
    five an hour)."""
    return await subscriptions.send_test(db, actor)


@router.get("/me/notifications", response_model=PrefsOut)
async def get_prefs(actor: CurrentActor, db: DB) -> PrefsOut:
    """My notification preferences."""
    return await prefs.my_prefs(db, actor)


@router.patch("/me/notifications", response_model=PrefsOut)
async def update_prefs(body: PrefsPatch, actor: CurrentActor, db: DB) -> PrefsOut:
    """Change what is pushed to my devices and the e-mail digest (off, daily, weekly; 409
    `email_not_verified` without a confirmed address); omitted fields stay."""
    return await prefs.update_prefs(db, actor, body)
