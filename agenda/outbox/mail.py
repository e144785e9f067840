"""Mail rendering (Jinja templates under templates/mail/, HTML + plain text) and transports (SMTP, or the log
when no MAIL_SERVER is configured)."""
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

from ..web_input import one_line
from .addresses import stop_reminders_url

log = logging.getLogger(__name__)


def render_mail(name: str, **context) -> tuple[str, str]:
    """Render templates/mail/<name>.txt and .html with `context`; returns (text, html).

    Rendered straight from the Jinja environment (gettext and url_for are there): a mail depends on what it
    is given, never on the request, and the pages' context processors (menus, queries) do not run."""
    environment = current_app.jinja_env
    context.setdefault("config", current_app.config)
    return (environment.get_template(f"mail/{name}.txt").render(**context).strip() + "\n",
            environment.get_template(f"mail/{name}.html").render(**context))


# Attachments built when the mail is sent rather than when it is queued: {"builder": name, "args": {...},
# "filename", "content_type"} in OutboxMessage.attachments. Areas register builders (name -> callable(**args)
# returning the text); e.g. registration's .ics invitation, which then shows the event as it is at sending
# time and keeps the registration request fast.
ATTACHMENT_BUILDERS: dict = {}


def attachment_builder(name: str):
    """Decorator: register `func(**args) -> str | bytes` as the builder `name` for deferred attachments."""

    def register(func):
        ATTACHMENT_BUILDERS[name] = func
        return func

    return register


def attachment_content(attachment: dict) -> str | bytes:
    if "builder" in attachment:
        return ATTACHMENT_BUILDERS[attachment["builder"]](**attachment.get("args", {}))
    return attachment["content"]


def build_message(message, config) -> EmailMessage:
    """The MIME message for an outbox row: multipart/alternative of text/plain, text/html and, for a calendar
    invitation, text/calendar with its METHOD; then the attachments, the invitation again among them as an
    .ics file.

    Where the calendar part goes decides whether a mail program treats the mail as an invitation: Outlook and
    Gmail look for text/calendar as an alternative of the body, with `method=` equal to the METHOD inside (as
    Outlook itself sends invitations; a mismatch is refused as "Inbound Mime method and ICAL method
    mismatch"); Apple Mail and Thunderbird also offer the attached .ics. The attachment is application/ics so
    that no program shows the same invitation twice. One calendar per mail: one iTIP message per message
    (RFC 6047)."""
    mail = EmailMessage()
    mail["Subject"] = one_line(message.subject)  # a row queued with a line break must still be sent
    mail["From"] = config.get("MAIL_DEFAULT_SENDER") or "Agenda SNT <no-responder@agenda-snt.local>"
    mail["To"] = message.to_address
    mail["Message-ID"] = make_msgid(idstring=f"outbox{message.id}", domain=_domain(config))
    if message.kind in UNSUBSCRIBABLE_KINDS:  # RFC 2369 + RFC 8058: the mail program's own "unsubscribe"
        mail["List-Unsubscribe"] = f"<{stop_reminders_url(message.to_address)}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(message.body_text or "", charset="utf-8")
    if message.body_html:
        mail.add_alternative(message.body_html, subtype="html", charset="utf-8")
    calendar, others = _calendar_and_others(message.attachments or ())
    if calendar is not None:
        method, text = _method(calendar), attachment_content(calendar)
        text = text if isinstance(text, str) else text.decode("utf-8")
        mail.add_alternative(text, subtype="calendar", charset="utf-8", params={"method": method})
        mail.add_attachment(text.encode("utf-8"), maintype="application", subtype="ics",
                            filename=calendar.get("filename") or "invitacion.ics")
    for attachment in others:
        content_type = attachment.get("content_type", "application/octet-stream")
        main, _, rest = content_type.partition("/")
        subtype, *param_parts = [part.strip() for part in rest.split(";")]
        params = dict(part.split("=", 1) for part in param_parts if "=" in part)
        content = attachment_content(attachment)
        if main == "text":
            mail.add_attachment(content, subtype=subtype, filename=attachment.get("filename"), params=params)
        else:
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            mail.add_attachment(data, maintype=main, subtype=subtype, filename=attachment.get("filename"),
                                params=params)
    return mail


def _calendar_and_others(attachments) -> tuple[dict | None, list[dict]]:
    """The mail's one calendar (the first text/calendar attachment) and the other attachments."""
    calendar, others = None, []
    for attachment in attachments:
        if calendar is None and attachment.get("content_type", "").startswith("text/calendar"):
            calendar = attachment
        else:
            others.append(attachment)
    return calendar, others


def _method(attachment: dict) -> str:
    """The METHOD a calendar attachment declares in its content type (`text/calendar; method=REQUEST`)."""
    for part in attachment.get("content_type", "").split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "method":
            return value.strip().upper()
    return "PUBLISH"


# Mail people may stop with one click: reminders (the link stops them all). Confirmations, change notices and
# cancellations are about a registration the person made and always go out.
UNSUBSCRIBABLE_KINDS = frozenset({"reminder"})


def _domain(config) -> str:
    from urllib.parse import urlsplit

    return urlsplit(config.get("AGENDA_BASE_URL") or "http://agenda-snt.local").hostname or "agenda-snt.local"


class LogTransport:
    """No MAIL_SERVER (laptop, demo): note each mail in the log by outbox id and kind, never its content."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send(self, mail: EmailMessage, message) -> None:
        log.info("outbox %s (%s): no MAIL_SERVER configured, mail written to the log instead of sent",
                 message.id, message.kind)


class SMTPTransport:
    """One SMTP connection per batch (reopened after an error), settings named as Flask extensions name them."""

    def __init__(self, config):
        self.host = config["MAIL_SERVER"]
        self.port = int(config.get("MAIL_PORT") or 25)
        self.use_ssl = bool(config.get("MAIL_USE_SSL"))
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.username = config.get("MAIL_USERNAME") or ""
        self.password = config.get("MAIL_PASSWORD") or ""
        self.timeout = float(config.get("MAIL_TIMEOUT", 30))
        self.connection: smtplib.SMTP | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._close()
        return False

    def _open(self) -> smtplib.SMTP:
        if self.use_ssl:
            connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.use_tls:
                connection.starttls(context=ssl.create_default_context())
        if self.username:
            connection.login(self.username, self.password)
        return connection

    def _close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except smtplib.SMTPException:
                pass
            except OSError:
                pass
            self.connection = None

    def send(self, mail: EmailMessage, message) -> None:
        if self.connection is None:
            self.connection = self._open()
        try:
            self.connection.send_message(mail)
        except (smtplib.SMTPServerDisconnected, OSError):
            self._close()
            raise
        log.info("outbox %s (%s) delivered to the SMTP server", message.id, message.kind)


def transport_for(config):
    return SMTPTransport(config) if config.get("MAIL_SERVER") else LogTransport()
