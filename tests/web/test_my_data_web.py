"""My data in the browser: a parent gives consent for a child and downloads the child's
archive; an administrator sets retention in the policies; axe finds nothing on either."""

from __future__ import annotations

import io
import json
import zipfile

from playwright.sync_api import expect

from tests.harness import LiveServer
from tests.privacy.helpers import build_exports, make_family
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, sign_in


def test_parent_manages_the_childs_data(server: LiveServer, new_page: NewPage) -> None:
    f = make_family(server)
    page = new_page()
    sign_in(page, server, f.parent)
    page.goto(server.url + "/settings/data")
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои данные")
    child = page.get_by_role("region", name=f"Ребёнок: {f.child.name}")
    expect(child).to_be_visible()
    expect(page.get_by_role("region", name="Вы", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    # No consent was given for the child yet: the parent gives it.
    child.get_by_label("Даю согласие на обработку персональных данных ребёнка").check()
    child.get_by_role("button", name="Дать согласие").click()
    expect(child.get_by_text("Согласие сохранено.")).to_be_visible()
    expect(child.get_by_text("Действует")).to_be_visible()

    # The archive: asked for, built in the background, downloaded.
    child.get_by_role("button", name="Подготовить архив").click()
    expect(child.get_by_text("Готовим архив")).to_be_visible()
    build_exports(server)
    link = child.get_by_role("link", name="Скачать")
    expect(link).to_be_visible(timeout=15_000)
    with page.expect_download() as got:
        link.click()
    data = got.value.path().read_bytes()
    profile = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("profile.json"))
    assert profile["display_name"] == f.child.name
    assert axe_violations(page) == []
    shot(page, "my-data-parent")

    # Deleting the child's account needs the parent's password and a confirmation.
    delete = child.get_by_role("button", name="Удалить аккаунт ребёнка")
    expect(delete).to_be_disabled()
    child.get_by_label("Ваш пароль").fill(f.parent.password)
    child.get_by_label("Я понимаю, что после удаления данные восстановить нельзя").check()
    delete.click()
    expect(child.get_by_text("Аккаунт отключён и будет удалён")).to_be_visible()
    child.get_by_role("button", name="Отменить удаление").click()
    expect(child.get_by_text("Удаление отменено, аккаунт снова работает.")).to_be_visible()


def test_admin_sets_retention(server: LiveServer, new_page: NewPage) -> None:
    f = make_family(server)
    page = new_page()
    sign_in(page, server, f.org.admin)
    page.goto(server.url + "/admin/policies")
    card = page.get_by_role("region", name="Персональные данные и хранение")
    expect(card).to_be_visible()
    card.get_by_label("Удалять сообщения старше заданного срока").check()
    card.get_by_label("Срок, месяцев").fill("24")
    card.get_by_label("Только сообщения и файлы учителя и модераторов").check()
    card.get_by_role("button", name="Сохранить сроки хранения").click()
    expect(card.get_by_role("status")).to_have_text("Сохранено.")
    rules = f.org.admin.client(server).get(f"/orgs/{f.org.id}/privacy/settings").json()
    assert rules["retention_messages_months"] == 24
    assert rules["archive_keeps"] == "announcements"
    assert rules["retention_files_months"] is None
    assert axe_violations(page) == []
