"""Mail about organisation applications, in the recipient's language (Russian by default)."""

from __future__ import annotations

Mail = tuple[str, str]


def _ru(lang: str) -> bool:
    return lang != "en"


def application_received(lang: str, *, name: str, org_name: str, application_id: str) -> Mail:
    if _ru(lang):
        return (
            f"Заявка «{org_name}» получена",
            f"Здравствуйте, {name}!\n\n"
            f"Мы получили заявку на подключение организации «{org_name}» к Парте "
            f"(номер заявки {application_id}).\n\n"
            "Оператор проверит данные и документ и ответит вам письмом на этот адрес. "
            "Обычно это занимает не больше двух рабочих дней.\n\n"
            "Если заявку отправляли не вы, просто проигнорируйте это письмо.\n\n"
            "— Команда Парты",
        )
    return (
        f"Application for “{org_name}” received",
        f"Hello {name},\n\n"
        f"We have received the application to bring “{org_name}” onto Parta "
        f"(application {application_id}).\n\n"
        "An operator will check the details and the document and reply to this address, "
        "usually within two working days.\n\n"
        "If you did not send this application, please ignore this message.\n\n"
        "— The Parta team",
    )


def new_application(lang: str, *, org_name: str, inn: str, region: str, console_url: str) -> Mail:
    if _ru(lang):
        return (
            f"Новая заявка: {org_name}",
            f"Поступила новая заявка на подключение организации.\n\n"
            f"Организация: {org_name}\nИНН: {inn}\nРегион: {region}\n\n"
            f"Рассмотреть заявку: {console_url}\n",
        )
    return (
        f"New application: {org_name}",
        f"A new organisation has applied to join.\n\n"
        f"Organisation: {org_name}\nINN: {inn}\nRegion: {region}\n\n"
        f"Review it: {console_url}\n",
    )


def approved_set_password(
    lang: str, *, name: str, org_name: str, email: str, code: str, link: str, days: int
) -> Mail:
    if _ru(lang):
        return (
            f"Организация «{org_name}» подключена к Парте",
            f"Здравствуйте, {name}!\n\n"
            f"Заявка одобрена: организация «{org_name}» подключена, а вы — её администратор.\n\n"
            "Чтобы войти, задайте пароль по ссылке:\n"
            f"{link}\n\n"
            f"Логин — ваш адрес {email}. Если ссылка не открывается, введите на странице "
            f"восстановления пароля этот адрес и код {code}.\n"
            f"Ссылка и код действуют {days} дней.\n\n"
            "— Команда Парты",
        )
    return (
        f"“{org_name}” is now on Parta",
        f"Hello {name},\n\n"
        f"The application is approved: “{org_name}” is set up and you are its administrator.\n\n"
        "To sign in, set your password here:\n"
        f"{link}\n\n"
        f"Your login is {email}. If the link does not open, enter this address and the code "
        f"{code} on the password reset page.\n"
        f"The link and the code are valid for {days} days.\n\n"
        "— The Parta team",
    )


def approved_existing_account(
    lang: str, *, name: str, org_name: str, email: str, sign_in_url: str
) -> Mail:
    if _ru(lang):
        return (
            f"Организация «{org_name}» подключена к Парте",
            f"Здравствуйте, {name}!\n\n"
            f"Заявка одобрена: организация «{org_name}» подключена, а вы — её администратор.\n\n"
            f"Войдите в Парту со своим логином {email} и прежним паролем: {sign_in_url}\n"
            "Организация появится в списке ваших организаций.\n\n"
            "— Команда Парты",
        )
    return (
        f"“{org_name}” is now on Parta",
        f"Hello {name},\n\n"
        f"The application is approved: “{org_name}” is set up and you are its administrator.\n\n"
        f"Sign in to Parta as {email} with your usual password: {sign_in_url}\n"
        "The organisation appears in your list of organisations.\n\n"
        "— The Parta team",
    )


def rejected(lang: str, *, name: str, org_name: str, reason: str) -> Mail:
    if _ru(lang):
        return (
            f"Заявка «{org_name}» отклонена",
            f"Здравствуйте, {name}!\n\n"
            f"К сожалению, мы не можем подключить организацию «{org_name}» по этой заявке.\n\n"
            f"Причина: {reason}\n\n"
            "Вы можете исправить данные и отправить заявку заново.\n\n"
            "— Команда Парты",
        )
    return (
        f"Application for “{org_name}” declined",
        f"Hello {name},\n\n"
        f"Unfortunately we cannot bring “{org_name}” onto Parta with this application.\n\n"
        f"Reason: {reason}\n\n"
        "You can correct the details and apply again.\n\n"
        "— The Parta team",
    )
