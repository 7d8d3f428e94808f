"""Mail telling a person that their second factor was turned on or off (Russian first)."""

from __future__ import annotations

from parta.auth.texts import Mail, _base_url, _greeting


def enabled(lang: str, name: str) -> Mail:
    if lang == "en":
        return Mail(
            "Two-factor authentication is on",
            f"{_greeting(lang, name)}\n\n"
            "Two-factor authentication has just been turned on for your Parta account: "
            "signing in now also asks for a code from your authenticator app. Your other "
            "sessions have been ended.\n\n"
            "If it was not you, reset your password right away and tell your organisation's "
            f"administrator:\n{_base_url()}/reset-password\n",
        )
    return Mail(
        "Двухфакторная аутентификация включена",
        f"{_greeting(lang, name)}\n\n"
        "Для вашего аккаунта в Парте включена двухфакторная аутентификация: при входе теперь "
        "нужен ещё и код из приложения-аутентификатора. Остальные сеансы завершены.\n\n"
        "Если это были не вы, сразу восстановите пароль и сообщите администратору вашей "
        f"организации:\n{_base_url()}/reset-password\n",
    )


def disabled(lang: str, name: str) -> Mail:
    if lang == "en":
        return Mail(
            "Two-factor authentication is off",
            f"{_greeting(lang, name)}\n\n"
            "Two-factor authentication has just been turned off for your Parta account: "
            "signing in no longer asks for a code from the app.\n\n"
            "If it was not you, reset your password right away and tell your organisation's "
            f"administrator:\n{_base_url()}/reset-password\n",
        )
    return Mail(
        "Двухфакторная аутентификация выключена",
        f"{_greeting(lang, name)}\n\n"
        "Для вашего аккаунта в Парте выключена двухфакторная аутентификация: при входе код "
        "из приложения больше не нужен.\n\n"
        "Если это были не вы, сразу восстановите пароль и сообщите администратору вашей "
        f"организации:\n{_base_url()}/reset-password\n",
    )
