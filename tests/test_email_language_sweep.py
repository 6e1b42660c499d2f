"""Every e-mail the platform sends, to a recipient who reads German (issue 14): no line of its
subject or body is English the platform wrote (``tests/language_sweep.py``: an English catalogue
string with a different German translation, or a sentence made from one). The names and titles
in them are what people wrote and may be English.

The e-mails: the invitation to an organisation, the directory's four (a claim and its answer, a
request to join a cluster and its answer), the B2B reminder and the two survey waves, and the
notifications, immediate and in the daily digest, one of each notice message the platform
writes (every ``notify(message=gettext_noop(...))`` in the code, read from its syntax tree).
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import trans_real

from crosscluster.accounts import services as account_services
from crosscluster.brokerage import documents, queries
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule
from crosscluster.brokerage.tests.test_reminders import END, START
from crosscluster.directory.models import (
    ClusterJoinRequest,
    JoinDirection,
    OrganisationClaim,
    RequestStatus,
)
from crosscluster.directory.services import mail as directory_mail
from crosscluster.notifications import jobs, registry
from crosscluster.notifications.models import Notification
from tests.cast import PASSWORD, Cast, make_user
from tests.language_sweep import PLACEHOLDER, WORD, english_catalogue

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parent.parent / "src" / "crosscluster"


def english_lines(message: EmailMessage) -> list[str]:
    english = english_catalogue()
    subject = re.sub(r"^\[[^\]]*\]\s*", "", message.subject)  # allauth's "[site] " prefix
    return [
        f"{message.subject!r}: {line!r}"
        for line in [subject, *message.body.splitlines()]
        if line.strip() and english.find(line.strip().lstrip("- "))
    ]


@functools.cache
def german_sentences_and_status_words() -> tuple[tuple[re.Pattern[str], ...], frozenset[str]]:
    """The German catalogue's sentences with values put in (as patterns matching a whole line)
    and its status words (the translations of strings whose context names a status)."""
    catalogue = trans_real.translation("de")._catalog  # type: ignore[attr-defined]
    entries = [(key, value) for key, value in catalogue.items() if isinstance(key, str)]
    patterns = set()
    for _key, value in entries:
        parts = PLACEHOLDER.split(" ".join(value.split()))
        if len(parts) > 1 and WORD.search(" ".join(parts)):
            expression = "(.+?)".join(re.escape(part).replace(r"\ ", r"\s+") for part in parts)
            patterns.add(re.compile(expression, re.DOTALL))
    words = {
        value.lower()
        for key, value in entries
        if "\x04" in key and "status" in key.split("\x04")[0] and "%" not in value
    }
    return tuple(sorted(patterns, key=lambda pattern: pattern.pattern)), frozenset(words)


def status_words_put_in(message: EmailMessage) -> list[str]:
    """Lines that are a German sentence with a status word put in as a value ("Ihr Anspruch auf
    X: genehmigt"): the word does not agree with the sentence in every language; each outcome
    is a sentence of its own."""
    patterns, words = german_sentences_and_status_words()
    found = []
    for line in [message.subject, *message.body.splitlines()]:
        text = " ".join(line.split())
        for pattern in patterns:
            match = pattern.fullmatch(text)
            if match and any(value.strip().lower() in words for value in match.groups()):
                found.append(f"{message.subject!r}: {line!r} ({pattern.pattern})")
                break
    return found


def notice_messages() -> list[str]:
    """The notice messages in the code: ``gettext_noop`` in a call's ``message=`` (``notify``
    and the helpers that call it, such as the conversations' ``_tell``)."""
    found = []
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):  # notify(...) and the apps' _tell(...)
                continue
            for keyword in node.keywords:
                if keyword.arg != "message":
                    continue
                for call in ast.walk(keyword.value):  # also "a if ... else b"
                    if isinstance(call, ast.Call) and ast.unparse(call.func) == "gettext_noop":
                        found.append(ast.literal_eval(call.args[0]))
    return sorted(set(found))


@pytest.fixture
def german(cast: Cast) -> Cast:
    """Everybody of the cast reads German."""
    for user in (cast.coordinator, cast.cluster_manager, cast.sme_member, cast.outsider):
        account_services.set_language(user=user, language="de")
    return cast


def test_the_check_finds_an_english_line() -> None:
    message = EmailMessage(subject="Ihre Einladung", body="Hallo\n\nNo needs recorded yet.\n")
    assert english_lines(message) == ["'Ihre Einladung': 'No needs recorded yet.'"]


def test_the_invitation_and_the_directorys_emails_to_a_german_reader(
    german: Cast, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    make_user("neu@example.de", language="de")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        account_services.invite_colleague(
            inviter=german.outsider,
            organisation_id=german.other_sme.pk,
            email="neu@example.de",
            role="member",
            now=NOW,
        )
        for status in (RequestStatus.PENDING, RequestStatus.APPROVED, RequestStatus.DECLINED):
            claim = OrganisationClaim.objects.create(
                organisation=german.other_sme,
                claimant=german.sme_member,
                status=status,
                created_at=NOW,
                decided_at=None if status == RequestStatus.PENDING else NOW,
            )
            if status == RequestStatus.PENDING:
                directory_mail.claim_submitted(claim)
            else:
                directory_mail.claim_decided(claim)
        join_request = ClusterJoinRequest(
            organisation=german.other_sme, cluster=german.cluster, created_at=NOW
        )
        for direction in (JoinDirection.REQUEST, JoinDirection.INVITATION):
            for status in (RequestStatus.PENDING, RequestStatus.APPROVED, RequestStatus.DECLINED):
                join_request.direction, join_request.status = direction, status
                join_request.save()
                if status == RequestStatus.PENDING:
                    directory_mail.join_request_submitted(join_request)
                else:
                    directory_mail.join_request_decided(join_request)
    assert len(mail.outbox) >= 10
    found = [line for message in mail.outbox for line in english_lines(message)]
    assert not found, "\n".join(found)
    built = [line for message in mail.outbox for line in status_words_put_in(message)]
    assert not built, "\n".join(built)


def test_the_check_finds_a_status_word_put_into_a_sentence() -> None:
    with translation.override("de"):  # Django's sentence, a value that is a status word
        sentence = translation.gettext(
            "Ensure this value is less than or equal to %(limit_value)s."
        ) % {"limit_value": translation.pgettext("request status", "Approved").lower()}
    found = status_words_put_in(EmailMessage(subject="Hallo", body=f"Hallo\n{sentence}\n"))
    assert len(found) == 1
    assert sentence in found[0]


def test_the_account_emails_to_a_german_reader(german: Cast, client: Client, settings: Any) -> None:
    """django-allauth's e-mails, sent through the real pages: to an address of no account in
    the language of the page the visitor asked from; to an account's address in the language
    its owner saved, also when asked from an English page. Verification is mandatory, as in
    production, so signing up with a taken address sends an e-mail rather than an error."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    address = {"email": "neu@example.de", "password1": PASSWORD, "password2": PASSWORD}
    client.post("/de/accounts/signup/", address)  # the confirmation of a new address
    client.logout()
    taken = {**address, "email": german.sme_member.email}
    client.post("/accounts/signup/", taken)  # somebody signs up with a saved German address
    client.post("/accounts/password/reset/", {"email": german.outsider.email})
    client.post("/de/accounts/password/reset/", {"email": "niemand@example.de"})
    client.force_login(german.coordinator)
    client.post("/accounts/email/", {"action_add": "", "email": "zweite@example.de"})
    sent = {message.to[0]: message for message in mail.outbox}
    assert sorted(sent) == sorted(
        [
            "neu@example.de",
            german.sme_member.email,
            german.outsider.email,
            "niemand@example.de",
            "zweite@example.de",
        ]
    ), [(message.to, message.subject) for message in mail.outbox]
    found = [line for message in mail.outbox for line in english_lines(message)]
    assert not found, "\n".join(found)
    for message in mail.outbox:
        assert german_words(message), (message.subject, message.body)
        links = re.findall(r"http://testserver/\S*", message.body)
        assert links, message.body
        assert all(link.startswith("http://testserver/de/") for link in links), links


def german_words(message: EmailMessage) -> list[str]:
    """Words of the message that only the German catalogue has (a check that the message is in
    German at all, not in another language the English sweep cannot see)."""
    text = f"{message.subject}\n{message.body}"
    return [word for word in ("Sie", "Ihr", "bitte", "Konto", "E-Mail") if word in text]


def test_the_b2b_reminder_and_surveys_to_a_german_participant(german: Cast) -> None:
    from crosscluster.brokerage import services

    session = make_session(german)
    ada = join(session, german.sme_member, german.sme, name="Ada")
    carla = join(session, german.outsider, german.other_sme, name="Carla")
    join(session, german.cluster_manager, german.other_cluster, name="Max")  # no meeting
    request = services.send_request(user=ada.user, requester=ada, recipient_id=carla.pk, now=NOW)
    services.answer_request(user=carla.user, request=request, accept=True, now=NOW)
    services.publish_run(user=german.coordinator, run=schedule(german, session), now=NOW)
    with translation.override("en"):
        documents.send_reminders(now=START - dt.timedelta(days=2))
        documents.send_reminders(now=END)
        documents.send_reminders(now=END + queries.SIX_MONTHS)
    assert len(mail.outbox) == 3 + 2 + 2
    found = [line for message in mail.outbox for line in english_lines(message)]
    assert not found, "\n".join(found)


def test_every_notice_by_email_to_a_german_reader(german: Cast) -> None:
    messages = notice_messages()
    kinds = [kind.key for kind in registry.list_kinds()]  # each footer names its kind
    assert "%(organisation)s is interested in %(title)s" in messages
    assert len(messages) >= 10
    notices = []
    for index, message in enumerate(messages):
        values = {name: f"Name {place}" for place, name in enumerate(placeholders(message))}
        notices.append(
            Notification.objects.create(
                recipient=german.sme_member,
                kind=kinds[index % len(kinds)],
                message=message,
                parameters=values,
                text=message % values,
                url="/marketplace/",
                created_at=timezone.now(),
            )
        )
    emails = [jobs.immediate_message(notice) for notice in notices]
    with translation.override("de"):
        emails.append(jobs.digest_message(german.sme_member, notices))
    found = [line for message in emails for line in english_lines(message)]
    assert not found, "\n".join(found)


def placeholders(message: str) -> list[str]:
    return [
        match.group(0)[2:-2]
        for match in PLACEHOLDER.finditer(message)
        if re.fullmatch(r"%\([^)]+\)s", match.group(0))
    ]
