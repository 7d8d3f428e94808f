"""Mail of the auth domain, in the recipient's language (Russian first, English second).

The code always stands alone on its own line, so that it is easy to copy (and to find in tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from parta.config import get_settings


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def _ru_minutes(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} минуту"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} минуты"
    return f"{n} минут"


def _en_minutes(n: int) -> str:
    return f"{n} minute" if n == 1 else f"{n} minutes"


def _base_url() -> str:
    return get_settings().public_base_url.rstrip("/")


def _greeting(lang: str, name: str) -> str:
    return f"Здравствуйте, {name}!" if lang == "ru" else f"Hello, {name}!"


def sign_in_code(lang: str, name: str, code: str, minutes: int) -> Mail:
    if lang == "en":
        return Mail(
            "Your Parta sign-in code",
            f"{_greeting(lang, name)}\n\n"
            f"Your code to sign in to Parta:\n\n{code}\n\n"
            f"The code is valid for {_en_minutes(minutes)}.\n\n"
            "If it was not you, just ignore this e-mail: nobody can sign in without the code.\n",
        )
    return Mail(
        "Код для входа в Парту",
        f"{_greeting(lang, name)}\n\n"
        f"Ваш код для входа в Парту:\n\n{code}\n\n"
        f"Код действует {_ru_minutes(minutes)}.\n\n"
        "Если вы не запрашивали код, просто проигнорируйте это письмо: "
        "без кода никто не сможет войти в ваш аккаунт.\n",
    )


def password_reset_code(lang: str, name: str, code: str, minutes: int, link: str) -> Mail:
    if lang == "en":
        return Mail(
            "Resetting your Parta password",
            f"{_greeting(lang, name)}\n\n"
            f"To set a new password, enter this code:\n\n{code}\n\n"
            f"or open this link:\n{link}\n\n"
            f"The code is valid for {_en_minutes(minutes)}.\n\n"
            "If it was not you, just ignore this e-mail: your password stays the same.\n",
        )
    return Mail(
        "Восстановление пароля в Парте",
        f"{_greeting(lang, name)}\n\n"
        f"Чтобы задать новый пароль, введите этот код:\n\n{code}\n\n"
        f"или перейдите по ссылке:\n{link}\n\n"
        f"Код действует {_ru_minutes(minutes)}.\n\n"
        "Если вы не запрашивали восстановление пароля, просто проигнорируйте это письмо: "
        "ваш пароль останется прежним.\n",
    )


def verify_email_code(lang: str, name: str, code: str, minutes: int) -> Mail:
    if lang == "en":
        return Mail(
            "Confirm your e-mail address for Parta",
            f"{_greeting(lang, name)}\n\n"
            f"To confirm this address in Parta, enter the code:\n\n{code}\n\n"
            f"The code is valid for {_en_minutes(minutes)}.\n\n"
            "If it was not you, just ignore this e-mail.\n",
        )
    return Mail(
        "Подтвердите адрес почты в Парте",
        f"{_greeting(lang, name)}\n\n"
        f"Чтобы подтвердить этот адрес в Парте, введите код:\n\n{code}\n\n"
        f"Код действует {_ru_minutes(minutes)}.\n\n"
        "Если вы не указывали этот адрес в Парте, просто проигнорируйте это письмо.\n",
    )


def password_changed(lang: str, name: str) -> Mail:
    link = f"{_base_url()}/reset-password"
    if lang == "en":
        return Mail(
            "Your Parta password was changed",
            f"{_greeting(lang, name)}\n\n"
            "The password of your Parta account has just been changed, and your other "
            "sessions have been ended.\n\n"
            f"If it was not you, reset your password right away:\n{link}\n"
            "and tell your organisation's administrator.\n",
        )
    return Mail(
        "Пароль в Парте изменён",
        f"{_greeting(lang, name)}\n\n"
        "Пароль от вашего аккаунта в Парте только что изменён, остальные сеансы завершены.\n\n"
        f"Если это были не вы, сразу восстановите пароль по ссылке:\n{link}\n"
        "и сообщите об этом администратору вашей организации.\n",
    )


def email_changed(lang: str, name: str, masked_new: str) -> Mail:
    link = f"{_base_url()}/reset-password"
    if lang == "en":
        return Mail(
            "Your Parta e-mail address was changed",
            f"{_greeting(lang, name)}\n\n"
            f"The e-mail address of your Parta account was changed to {masked_new}. "
            "This address will no longer receive mail from Parta.\n\n"
            f"If it was not you, reset your password right away:\n{link}\n"
            "and tell your organisation's administrator.\n",
        )
    return Mail(
        "Адрес почты в Парте изменён",
        f"{_greeting(lang, name)}\n\n"
        f"Адрес почты вашего аккаунта в Парте изменён на {masked_new}. "
        "Писем от Парты на этот адрес больше не будет.\n\n"
        f"Если это были не вы, сразу восстановите пароль по ссылке:\n{link}\n"
        "и сообщите об этом администратору вашей организации.\n",
    )


def mask_email(email: str) -> str:
    """u***@example.org: enough for the owner to recognise, useless to anyone else."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
