"""Sign-up events: limited places, the waiting list in order, promotion when a place frees."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.builders import make_member, make_org
from tests.chats.helpers import error_code, token_of
from tests.events.helpers import answered, made, rsvp
from tests.harness import LiveServer, body_of
from tests.realtime.client import EventClient


def test_places_waiting_list_and_promotion(server: LiveServer) -> None:
    org = make_org(server)
    admin = org.admin.client(server)
    people = [make_member(server, org.id, "student") for _ in range(4)]
    clients = [p.client(server) for p in people]
    event = made(admin, org.id, kind="club", title="Шахматный клуб", capacity=2)
    eid = event["id"]
    assert event["places_left"] == 2
    assert answered(clients[0], org.id, eid, "going")["my_answer"] == "going"
    assert answered(clients[1], org.id, eid, "going")["places_left"] == 0
    third = answered(clients[2], org.id, eid, "going")
    assert (third["my_answer"], third["my_waiting_position"]) == ("waiting", 1)
    fourth = answered(clients[3], org.id, eid, "going")
    assert (fourth["my_answer"], fourth["my_waiting_position"]) == ("waiting", 2)
    # asking again keeps one's place in the queue
    assert answered(clients[2], org.id, eid, "going")["my_waiting_position"] == 1

    ws = EventClient(server.url, token_of(clients[2]))
    left = answered(clients[0], org.id, eid, "not_going")
    assert left["counts"]["going"] == 2 and left["counts"]["waiting"] == 1
    promoted = ws.wait_for(lambda e: e["type"] == "event.promoted")
    assert promoted["data"]["id"] == eid
    mail = server.mailbox.wait_for(people[2].email, "Место освободилось")
    assert "Шахматный клуб" in body_of(mail)
    me = clients[2].get(f"/orgs/{org.id}/events/{eid}").json()
    assert (me["my_answer"], me["my_waiting_position"]) == ("going", None)
    assert clients[3].get(f"/orgs/{org.id}/events/{eid}").json()["my_waiting_position"] == 1

    # the one who left comes back: the end of the queue
    back = answered(clients[0], org.id, eid, "going")
    assert (back["my_answer"], back["my_waiting_position"]) == ("waiting", 2)
    # more places: the queue moves up in order
    r = admin.patch(f"/orgs/{org.id}/events/{eid}", json={"capacity": 3})
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["going"] == 3 and r.json()["counts"]["waiting"] == 1
    assert clients[3].get(f"/orgs/{org.id}/events/{eid}").json()["my_answer"] == "going"
    assert clients[0].get(f"/orgs/{org.id}/events/{eid}").json()["my_waiting_position"] == 1
    report = admin.get(f"/orgs/{org.id}/events/{eid}/responses").json()
    assert report["counts"]["going"] == 3 and report["families"] is None
    waiting = [p for p in report["people"] if p["answer"] == "waiting"]
    assert [p["account_id"] for p in waiting] == [people[0].account_id]
    r = rsvp(clients[1], org.id, "01ARZ3NDEKTSV4RRFFQ69G5FAV", "going")
    assert r.status_code == 404 and error_code(r) == "not_found"
    ws.close()


def test_the_last_place_goes_to_exactly_one(server: LiveServer) -> None:
    org = make_org(server)
    admin = org.admin.client(server)
    clients = [make_member(server, org.id, "student").client(server) for _ in range(5)]
    event = made(admin, org.id, kind="contest", title="Конкурс", capacity=1)
    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(lambda c: rsvp(c, org.id, event["id"], "going"), clients))
    assert all(r.status_code == 200 for r in answers), [r.text for r in answers]
    mine = sorted((r.json()["my_answer"], r.json()["my_waiting_position"]) for r in answers)
    assert mine == [("going", None)] + [("waiting", n) for n in range(1, 5)]
