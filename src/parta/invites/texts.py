"""Texts of the invitations domain: the consent text and the e-mails, Russian first."""

from __future__ import annotations

from dataclasses import dataclass

POLICY_RU = (
    "Согласие на обработку персональных данных.\n\n"
    "Я даю согласие организации, пригласившей меня в Парту, на обработку моих персональных "
    "данных: имени, адреса электронной почты или номера телефона, роли и класса в "
    "организации, а также сообщений и файлов, которые я отправляю. Данные обрабатываются "
    "только для общения внутри организации и хранятся на её сервере. Контакты не показываются "
    "другим пользователям, данные не передаются третьим лицам и не используются для рекламы.\n\n"
    "Согласие действует, пока я состою в организации. Я могу отозвать его, написав "
    "администратору организации; тогда мой доступ будет закрыт, а данные удалены в сроки, "
    "установленные законом. Если мне нет 14 лет, согласие за меня даёт родитель или "
    "законный представитель."
)

POLICY_EN = (
    "Consent to the processing of personal data.\n\n"
    "I consent to the organisation that invited me to Parta processing my personal data: my "
    "name, e-mail address or phone number, my role and class in the organisation, and the "
    "messages and files I send. The data is processed only for communication inside the "
    "organisation and is stored on its server. Contact details are not shown to other users, "
    "the data is not passed to third parties and is not used for advertising.\n\n"
    "The consent lasts while I am a member of the organisation. I can withdraw it by writing "
    "to the organisation's administrator; my access then ends and the data is deleted within "
    "the time the law sets. If I am under 14, a parent or legal guardian gives the consent "
    "for me."
)


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def policy_text(language: str) -> str:
    return POLICY_EN if language == "en" else POLICY_RU


def guardian_code_mail(
    language: str, *, child_name: str, org_name: str, class_label: str, code: str, hours: int
) -> Mail:
    """The code a parent types to confirm a primary-grade child's registration."""
    if language == "en":
        return Mail(
            subject=f"Parta: confirm {child_name}'s registration",
            body=(
                f"Hello!\n\n{child_name} is registering in Parta at {org_name}"
                f" (class {class_label}) and gave your e-mail as a parent's address.\n\n"
                f"Confirmation code: {code}\n\n"
                f"By entering this code you are giving consent for your child {child_name} "
                "to the processing of their personal data on the terms below, as the parent "
                f"or legal guardian. The code is valid for {hours} hours.\n\n"
                "If you do not know what this is about, simply ignore this e-mail: nothing "
                "will be created.\n\n"
                f"---\n{POLICY_EN}\n"
            ),
        )
    return Mail(
        subject=f"Парта: подтвердите регистрацию ребёнка {child_name}",
        body=(
            f"Здравствуйте!\n\n{child_name} регистрируется в Парте ({org_name},"
            f" класс {class_label}) и указал(а) ваш адрес как адрес родителя.\n\n"
            f"Код подтверждения: {code}\n\n"
            f"Вводя этот код, вы как родитель или законный представитель даёте согласие на "
            f"обработку персональных данных вашего ребёнка {child_name} на условиях, "
            f"приведённых ниже. Код действует {hours} ч.\n\n"
            "Если вы не понимаете, о чём речь, просто не отвечайте на это письмо: ничего не "
            "будет создано.\n\n"
            f"---\n{POLICY_RU}\n"
        ),
    )


def parent_invitation_mail(
    language: str, *, child_name: str, org_name: str, url: str, days: int
) -> Mail:
    """The link a parent follows to join the organisation as the parent of their child."""
    if language == "en":
        return Mail(
            subject=f"Parta: join {org_name} as the parent of {child_name}",
            body=(
                f"Hello!\n\n{child_name}'s registration in Parta at {org_name} is confirmed.\n\n"
                f"Join as the parent of {child_name} to receive the school's messages:\n{url}\n\n"
                f"The link works for {days} days and for at most two parents. The class "
                "teacher will confirm that you are the child's parent.\n"
            ),
        )
    return Mail(
        subject=f"Парта: присоединитесь к «{org_name}» как родитель ({child_name})",
        body=(
            f"Здравствуйте!\n\nРегистрация ребёнка {child_name} в Парте ({org_name})"
            " подтверждена.\n\n"
            f"Присоединитесь как родитель ребёнка {child_name}, чтобы получать сообщения "
            f"школы:\n{url}\n\n"
            f"Ссылка действует {days} дней и подходит не более чем двум родителям. Классный "
            "руководитель подтвердит, что вы родитель ребёнка.\n"
        ),
    )


def verify_email_mail(language: str, *, name: str, code: str, minutes: int) -> Mail:
    """The code that confirms the e-mail given at registration."""
    if language == "en":
        return Mail(
            subject="Parta: confirm your e-mail",
            body=(
                f"Hello, {name}!\n\nYour code to confirm this e-mail address in Parta: {code}\n"
                f"It is valid for {minutes} minutes. If you did not register, ignore this "
                "e-mail.\n"
            ),
        )
    return Mail(
        subject="Парта: подтвердите адрес почты",
        body=(
            f"Здравствуйте, {name}!\n\nКод для подтверждения адреса почты в Парте: {code}\n"
            f"Он действует {minutes} мин. Если вы не регистрировались, просто не отвечайте на "
            "это письмо.\n"
        ),
    )
