"""The import's option "update matched organisations": the check shows per row what would change,
the import applies it (all or nothing) and the audit log records it; without the option a matched
organisation is never changed. Also the services column (the taxonomy's third facet)."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils.text import slugify

from crosscluster.accounts.models import OrganisationMembership
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import Organisation, OrganisationTag, Tag
from crosscluster.directory.tests.factories import make_region, make_vocabulary
from crosscluster.imports.files import suggest_mapping
from crosscluster.imports.models import OrganisationImport
from crosscluster.imports.tests.test_imports import API, _file, as_csv, upload

pytestmark = pytest.mark.django_db

#: a row naming the cast's SME ("Vision Systems SME", France) in capitals, and a new organisation
ROWS = [
    ["Name", "Country", "Website", "City", "NUTS", "Description", "Technologien", "Sectors"],
    [
        "VISION SYSTEMS SME",
        "FR",
        "www.vision-systems.example.eu",
        "Lyon",
        "FR10",
        "Machine vision for food lines.",
        "Robotik:4; Digital twins",
        "",  # no sectors given: the SME keeps its own
    ],
    ["Nouvelle Vision", "FR", "", "Paris", "", "", "Robotics", ""],
]


def _tags_of(organisation: Organisation) -> dict[str, int]:
    return dict(
        OrganisationTag.objects.filter(organisation=organisation).values_list("tag__label", "level")
    )


@pytest.fixture
def sme(cast):  # type: ignore[no-untyped-def]
    tags = make_vocabulary()
    make_region()
    sme = cast.sme
    # a registry entry nobody on the platform speaks for (an organisation with its own people
    # keeps its profile: test_an_organisation_with_its_own_people_keeps_its_profile)
    OrganisationMembership.objects.filter(organisation=sme).delete()
    sme.city, sme.website, sme.description = "Grenoble", "", "Vision systems."
    sme.save()
    OrganisationTag.objects.filter(organisation=sme).delete()
    OrganisationTag.objects.create(organisation=sme, tag=tags["digital-twins"], level=2)
    OrganisationTag.objects.create(organisation=sme, tag=tags["health-care"], level=5)
    return sme


def _upload_and_check(client: Client, token: str, cast, *, update: bool) -> dict:  # type: ignore[no-untyped-def]
    response = client.post(
        API,
        {
            "cluster": cast.cluster.slug,
            "file": _file("members.csv", as_csv(ROWS)),
            **({"update_matched": "true"} if update else {}),
        },
        headers={"authorization": token},
    )
    assert response.status_code == 201, response.content
    assert response.json()["update_matched"] is update
    run_queued_tasks()
    found = client.get(f"{API}/{response.json()['id']}", headers={"authorization": token})
    return found.json()


def test_the_check_shows_what_would_change_and_the_import_applies_it(
    cast, sme, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    checked = _upload_and_check(client, token, cast, update=True)
    assert (checked["problem_count"], checked["new_count"], checked["matched_count"]) == (0, 1, 1)
    assert checked["updated_count"] == 1
    [matched] = [plan for plan in checked["preview"] if plan["action"] == "match"]
    assert matched["changes"] == [
        {
            "field": "website",
            "before": "",
            "after": "https://www.vision-systems.example.eu",
        },
        {"field": "city", "before": "Grenoble", "after": "Lyon"},
        {"field": "nuts_region", "before": "", "after": "FR10"},
        {
            "field": "description",
            "before": "Vision systems.",
            "after": "Machine vision for food lines.",
        },
        {
            "field": "technologies",
            "before": "Digital twins:2",
            "after": "Digital twins:3; Robotics:4",
        },
    ]
    changes = client.get(f"{API}/{checked['id']}/changes", headers={"authorization": token}).json()
    assert changes["count"] == 1
    assert changes["items"][0]["organisation_id"] == sme.pk
    assert changes["items"][0]["changes"] == matched["changes"]
    # the tags' labels in the reader's language, as the page shows them
    german = client.get(
        f"{API}/{checked['id']}/changes", headers={"authorization": token, "accept-language": "de"}
    ).json()
    assert german["items"][0]["changes"][-1]["after"] == "Digitale Zwillinge:3; Robotik:4"
    # the page shows the diff beside each field; nothing has changed yet
    client.force_login(cast.coordinator)
    page = client.get(f"/imports/{checked['id']}/").content.decode()
    assert 'data-testid="changes"' in page
    assert "Grenoble" in page
    assert "https://www.vision-systems.example.eu" in page
    german_page = client.get(f"/de/imports/{checked['id']}/").content.decode()
    assert "Digitale Zwillinge:2" in german_page
    sme.refresh_from_db()
    assert (sme.city, sme.website) == ("Grenoble", "")

    started = client.post(f"{API}/{checked['id']}/import", headers={"authorization": token})
    assert started.status_code == 202
    run_queued_tasks()
    done = client.get(f"{API}/{checked['id']}", headers={"authorization": token}).json()
    assert (done["status"], done["created_count"], done["updated_count"]) == ("done", 1, 1)
    sme.refresh_from_db()
    assert sme.name == "Vision Systems SME"  # the name never changes
    assert (sme.city, sme.website, sme.nuts_region_id) == (
        "Lyon",
        "https://www.vision-systems.example.eu",
        "FR10",
    )
    assert sme.description == "Machine vision for food lines."
    assert "lyon" in sme.search_text
    # the technologies replaced by the file's; the sectors, not in the row, kept
    assert _tags_of(sme) == {"Robotics": 4, "Digital twins": 3, "Health care": 5}
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Organisation), object_pk=str(sme.pk)
    )
    assert entry.actor == cast.coordinator
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes["city"] == ["Grenoble", "Lyon"]
    assert entry.additional_data["import"] == checked["id"]


def test_an_organisation_with_its_own_people_keeps_its_profile(
    cast, sme, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    """The SME's member is on the platform again: the coordinator's file does not overwrite the
    profile its own people keep; the check says so and the import changes nothing of it."""
    OrganisationMembership.objects.create(user=cast.sme_member, organisation=sme, role="member")
    token = token_for(cast.coordinator)
    checked = _upload_and_check(client, token, cast, update=True)
    assert (checked["matched_count"], checked["updated_count"], checked["kept_count"]) == (1, 0, 1)
    [matched] = [plan for plan in checked["preview"] if plan["action"] == "match"]
    assert (matched["changes"], matched["kept"]) == ([], True)
    client.force_login(cast.coordinator)
    page = client.get(f"/fr/imports/{checked['id']}/").content.decode()
    assert 'data-testid="kept-count">1<' in page
    assert "changes" not in re.findall(r'data-testid="(\w+)"', page)
    started = client.post(f"{API}/{checked['id']}/import", headers={"authorization": token})
    assert started.status_code == 202
    run_queued_tasks()
    done = client.get(f"{API}/{checked['id']}", headers={"authorization": token}).json()
    assert (done["status"], done["created_count"], done["updated_count"]) == ("done", 1, 0)
    sme.refresh_from_db()
    assert (sme.city, sme.website, sme.description) == ("Grenoble", "", "Vision systems.")
    assert _tags_of(sme) == {"Digital twins": 2, "Health care": 5}
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation), object_id=sme.pk
    ).exists()


def test_without_the_option_a_matched_organisation_is_not_changed(
    cast, sme, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    checked = _upload_and_check(client, token, cast, update=False)
    assert (checked["matched_count"], checked["updated_count"]) == (1, 0)
    assert all(plan["changes"] == [] for plan in checked["preview"])
    client.post(f"{API}/{checked['id']}/import", headers={"authorization": token})
    run_queued_tasks()
    sme.refresh_from_db()
    assert (sme.city, sme.website, sme.description) == ("Grenoble", "", "Vision systems.")
    assert _tags_of(sme) == {"Digital twins": 2, "Health care": 5}
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation), object_pk=str(sme.pk)
    ).exists()


def test_nothing_is_half_written_when_the_import_fails_while_updating(
    cast, sme, client: Client, token_for, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    checked = _upload_and_check(client, token, cast, update=True)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the audit log's table is gone")

    # the organisations are updated, then the audit log is written: it fails there
    monkeypatch.setattr(LogEntry.objects, "bulk_create", broken)
    client.post(f"{API}/{checked['id']}/import", headers={"authorization": token})
    run_queued_tasks()
    failed = client.get(f"{API}/{checked['id']}", headers={"authorization": token}).json()
    assert failed["status"] == "failed"
    sme.refresh_from_db()
    assert (sme.city, sme.website, sme.nuts_region_id) == ("Grenoble", "", None)
    assert _tags_of(sme) == {"Digital twins": 2, "Health care": 5}
    assert not Organisation.objects.filter(name="Nouvelle Vision").exists()


def test_the_pages_offer_the_option_at_upload_and_with_the_columns(
    cast, sme, client: Client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.cluster_manager)
    start = client.get("/imports/").content.decode()
    assert 'name="update_matched"' in start
    response = client.post(
        "/imports/",
        {"cluster": cast.other_cluster.slug, "file": _file("m.csv", as_csv(ROWS))},
    )
    assert response.status_code == 302
    run_queued_tasks()
    organisation_import = OrganisationImport.objects.get()
    assert not organisation_import.update_matched
    url = f"/imports/{organisation_import.pk}/"
    page = client.get(url).content.decode()
    assert 'data-testid="changes"' not in page
    response = client.post(
        url + "mapping/", {**organisation_import.mapping, "update_matched": "on"}
    )
    assert response.status_code == 302
    run_queued_tasks()
    organisation_import.refresh_from_db()
    assert (organisation_import.update_matched, organisation_import.updated_count) == (True, 1)
    page = client.get(url).content.decode()
    assert 'data-testid="changes"' in page
    assert re.search(r'<input type="checkbox" name="update_matched"[^>]*\bchecked>', page)
    assert client.post(url + "import/").status_code == 302
    run_queued_tasks()
    sme.refresh_from_db()
    assert sme.city == "Lyon"
    page = client.get(url).content.decode()
    assert 'data-testid="import-updated"' in page


#: the taxonomy's services (real EDIH labels, data/edih/label_vocabulary.csv)
SERVICES = ["Prototyping", "Knowledge transfer", "Technology transfer"]


def test_a_services_column_in_any_language_tags_new_and_updated_organisations(
    cast, sme, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    for label in SERVICES:
        Tag.objects.get_or_create(facet="services", label=label, slug=slugify(label))
    assert suggest_mapping(["Name", "Serviços"])["services"] == "Serviços"
    assert suggest_mapping(["Name", "Tjänster"])["services"] == "Tjänster"
    rows = [
        ["Name", "Country", "Dienstleistungen"],
        ["VISION SYSTEMS SME", "FR", "Prototypenbau:4"],  # German
        ["Nouvelle Vision", "FR", "transfert de connaissances; Technology transfer:2"],
        ["Typo Services", "FR", "Prototipng"],
    ]
    token = token_for(cast.coordinator)
    body = upload(client, token, cast.cluster.slug, "s.csv", as_csv(rows)).json()
    assert body["mapping"]["services"] == "Dienstleistungen"
    run_queued_tasks()
    problems = client.get(f"{API}/{body['id']}/problems", headers={"authorization": token}).json()
    assert [(p["row"], p["column"], p["message"]) for p in problems["items"]] == [
        (
            4,
            "Dienstleistungen",
            "'Prototipng' is not a label of the taxonomy: use a label of the taxonomy, e.g. "
            "'Prototyping' (closest).",
        )
    ]
    rows.pop()
    body = client.post(
        API,
        {"cluster": cast.cluster.slug, "file": _file("s.csv", as_csv(rows)), "update_matched": "1"},
        headers={"authorization": token},
    ).json()
    run_queued_tasks()
    client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    run_queued_tasks()
    assert _tags_of(Organisation.objects.get(name="Nouvelle Vision")) == {
        "Knowledge transfer": 3,
        "Technology transfer": 2,
    }
    sme.refresh_from_db()
    # its services replaced; its technologies and sectors kept (not in the file)
    assert _tags_of(sme) == {"Prototyping": 4, "Digital twins": 2, "Health care": 5}


def test_the_option_over_the_api_and_who_sees_the_changes(
    cast, sme, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    checked = _upload_and_check(client, token, cast, update=False)
    url = f"{API}/{checked['id']}"
    mapped = client.put(
        f"{url}/mapping",
        {"mapping": checked["mapping"], "update_matched": True},
        content_type="application/json",
        headers={"authorization": token},
    )
    assert mapped.status_code == 200, mapped.content
    assert mapped.json()["update_matched"] is True
    run_queued_tasks()
    assert client.get(url, headers={"authorization": token}).json()["updated_count"] == 1
    # the mapping without the option leaves it as it is
    client.put(
        f"{url}/mapping",
        {"mapping": checked["mapping"]},
        content_type="application/json",
        headers={"authorization": token},
    )
    assert OrganisationImport.objects.get(pk=checked["id"]).update_matched is True
    # an import (and what it would change) is seen only by its uploader
    for other in (cast.outsider, cast.cluster_manager, cast.administrator):
        answer = client.get(f"{url}/changes", headers={"authorization": token_for(other)})
        assert answer.status_code == 404, other
    # an outsider may not import, with or without the option
    refused = client.post(
        API,
        {
            "cluster": cast.cluster.slug,
            "file": _file("m.csv", as_csv(ROWS)),
            "update_matched": "true",
        },
        headers={"authorization": token_for(cast.outsider)},
    )
    assert refused.status_code == 403
    sme.refresh_from_db()
    assert sme.city == "Grenoble"
