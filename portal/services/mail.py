"""Outgoing e-mail: through SMTP when a host is configured, else as .eml files in the outbox folder."""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import tempfile
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


def build_message(to: str, subject: str, body: str, sender: str) -> EmailMessage:
    """A plain-text message with the headers every mail server expects."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="case-manager-portal")
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text e-mail: SMTP when MAIL_SMTP_HOST is set, else an .eml file in MAIL_OUTBOX_DIR."""
    config = current_app.config
    message = build_message(to, subject, body, str(config["MAIL_FROM"]))
    host = config.get("MAIL_SMTP_HOST")
    if host:
        _send_smtp(message, str(host))
    else:
        path = _write_outbox(message, Path(config["MAIL_OUTBOX_DIR"]))
        log.info("Mail to %s written to %s", to, path)


def _send_smtp(message: EmailMessage, host: str) -> None:
    config = current_app.config
    port = int(config.get("MAIL_SMTP_PORT") or 587)
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        if config.get("MAIL_SMTP_STARTTLS", True):
            smtp.starttls()
        user = config.get("MAIL_SMTP_USER")
        if user:
            smtp.login(str(user), str(config.get("MAIL_SMTP_PASSWORD") or ""))
        smtp.send_message(message)


def _write_outbox(message: EmailMessage, outbox: Path) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    # Named so that a directory listing sorts in sending order; the random part keeps two mails in one second apart.
    name = f"{time.time_ns():020d}-{secrets.token_hex(4)}.eml"
    fd, temp_name = tempfile.mkstemp(dir=outbox, prefix=".mail-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(message.as_bytes())
    target = outbox / name
    os.replace(temp_name, target)
    return target
