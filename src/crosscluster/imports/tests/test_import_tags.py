"""Taxonomy tags in an imported file: the technologies and sectors columns (labels in any of the
seven languages, optional levels), checked row by row and written with the new organisations."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.text import slugify

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import Organisation, OrganisationTag, Tag
from crosscluster.directory.services import ImportRow, import_organisation_rows
from crosscluster.directory.tests.factories import make_vocabulary
from crosscluster.imports.files import read_table, suggest_mapping
from crosscluster.imports.models import OrganisationImport
from crosscluster.imports.tests.test_imports import API, _file, as_csv, as_xlsx, upload

pytestmark = pytest.mark.django_db

#: German and French headers, labels in English, German and French, with and without levels
ROWS = [
    ["Firmenname", "Country", "Technologien", "Secteurs"],
    [
        "Nordlicht Robotik GmbH",
        "DE",
        "Robotik:4; KÜNSTLICHE INTELLIGENZ UND ENTSCHEIDUNGSUNTERSTÜTZUNG",
        "Gesundheitswesen",
    ],
    ["Jumeaux Lyonnais", "FR", "jumeaux numeriques:5", "Fabrication et transformation:2"],
    [
        "Plain English SME",
        "FR",
        "Robotics:2, Digital twins",
        "Retail, wholesale or distribution, Health care:1",
    ],
    ["Vision Systems SME", "FR", "Digital twins:1", ""],  # the cast's SME: matched, not changed
]


def _vocabulary() -> dict[str, Tag]:
    tags = make_vocabulary()
    retail = "Retail, wholesale or distribution"
    tag, _ = Tag.objects.get_or_create(facet="sectors", label=retail, slug=slugify(retail))
    return {**tags, tag.slug: tag}


def _tags_of(name: str) -> dict[str, int]:
    return dict(
        OrganisationTag.objects.filter(organisation__name=name).values_list("tag__label", "level")
    )


@pytest.mark.parametrize(("name", "writer"), [("members.csv", as_csv), ("members.xlsx", as_xlsx)])
def test_new_organisations_get_the_files_tags_in_any_language(
    cast, client: Client, token_for, name: str, writer
) -> None:  # type: ignore[no-untyped-def]
    _vocabulary()
    cast.sme.organisation_tags.all().delete()
    content = writer(ROWS)
    # the file as the worker reads it back
    assert read_table(content).rows[0][1]["Technologien"].startswith("Robotik:4")
    assert suggest_mapping(read_table(content).columns) == {
        "country": "Country",
        "technologies": "Technologien",
        "sectors": "Secteurs",
    }
    token = token_for(cast.coordinator)
    body = upload(client, token, cast.other_cluster.slug, name, content).json()
    run_queued_tasks()
    mapped = client.put(
        f"{API}/{body['id']}/mapping",
        {"mapping": {**body["mapping"], "name": "Firmenname"}},
        content_type="application/json",
        headers={"authorization": token},
    )
    assert mapped.status_code == 200, mapped.content
    assert mapped.json()["mapping"]["technologies"] == "Technologien"
    run_queued_tasks()
    checked = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert (checked["problem_count"], checked["new_count"], checked["matched_count"]) == (0, 3, 1)
    assert (
        client.post(f"{API}/{body['id']}/import", headers={"authorization": token}).status_code
        == 202
    )
    run_queued_tasks()
    done = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert (done["status"], done["created_count"]) == ("done", 3)
    assert _tags_of("Nordlicht Robotik GmbH") == {
        "Robotics": 4,
        "Artificial Intelligence & Decision support": 3,  # no level: the default
        "Health care": 3,
    }
    assert _tags_of("Jumeaux Lyonnais") == {"Digital twins": 5, "Manufacturing and processing": 2}
    # separated by commas, a label holding a comma is still one label
    assert _tags_of("Plain English SME") == {
        "Robotics": 2,
        "Digital twins": 3,
        "Retail, wholesale or distribution": 3,
        "Health care": 1,
    }
    assert _tags_of("Vision Systems SME") == {}  # matched: never changed from the file
    # the facet copies the database fills on insert: found by the directory's tag filter
    found = client.get("/api/v1/organisations/", {"technology": "robotics"}).json()
    assert {item["name"] for item in found["items"]} >= {
        "Nordlicht Robotik GmbH",
        "Plain English SME",
    }


def test_an_unknown_label_or_level_names_row_column_label_and_the_closest(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    _vocabulary()
    rows = [
        ["Name", "Country", "Technologies", "Sectors"],
        ["Good One", "FR", "Robotics", "Health care"],
        ["Typo SME", "FR", "Robotcs:2", ""],
        ["German Typo", "DE", "", "Gesundheitswesn"],
        ["Bad Level", "FR", "Robotik:7; Digital twins:high", ""],
        ["Twice", "FR", "Robotics; robotique:2", ""],
    ]
    token = token_for(cast.coordinator)
    body = upload(client, token, cast.cluster.slug, "tags.csv", as_csv(rows)).json()
    run_queued_tasks()
    found = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert found["error_rows"] == 4
    problems = client.get(f"{API}/{body['id']}/problems", headers={"authorization": token}).json()
    messages = [(item["row"], item["column"], item["message"]) for item in problems["items"]]
    assert messages == [
        (
            3,
            "Technologies",
            "'Robotcs' is not a label of the taxonomy: use a label of the taxonomy, e.g. "
            "'Robotics' (closest).",
        ),
        (
            4,
            "Sectors",
            "'Gesundheitswesn' is not a label of the taxonomy: use a label of the taxonomy, "
            "e.g. 'Gesundheitswesen' (closest).",
        ),
        (
            5,
            "Technologies",
            "Give 'Robotik' a level from 1 to 5, like Robotik:4, or none for 3 (got '7').",
        ),
        (
            5,
            "Technologies",
            "Give 'Digital twins' a level from 1 to 5, like Digital twins:4, or none for 3 "
            "(got 'high').",
        ),
        (6, "Technologies", "'robotique' is given twice: keep one."),
    ]
    # in the reader's language, the column and the label as the file writes them
    german = client.get(
        f"{API}/{body['id']}/problems",
        headers={"authorization": token, "accept-language": "de"},
    ).json()
    assert "'Robotcs'" in german["items"][0]["message"]
    refused = client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    assert refused.status_code == 400
    assert not Organisation.objects.filter(name="Good One").exists()


def test_nothing_is_written_when_one_rows_tag_is_wrong(cast) -> None:  # type: ignore[no-untyped-def]
    _vocabulary()
    rows = [
        ImportRow(2, {"name": "First New", "country": "FR", "technologies": "Robotics:5"}),
        ImportRow(3, {"name": "Second New", "country": "FR", "sectors": "Spaceflight"}),
    ]
    organisations, tags = Organisation.objects.count(), OrganisationTag.objects.count()
    with pytest.raises(ValidationError) as raised:
        import_organisation_rows(cluster=cast.cluster, rows=rows, columns={"sectors": "Branche"})
    [message] = raised.value.message_dict["rows"]
    assert message.startswith("Row 3, column 'Branche': 'Spaceflight' is not a label")
    assert (Organisation.objects.count(), OrganisationTag.objects.count()) == (organisations, tags)
    result = import_organisation_rows(cluster=cast.cluster, rows=rows[:1], columns={})
    assert result.created == 1
    assert _tags_of("First New") == {"Robotics": 5}


def test_the_pages_columns_form_offers_technologies_and_sectors(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.cluster_manager)
    rows = [["Name", "Country", "Kompetenzen"], ["Nordlicht", "DE", "Robotik"]]
    _vocabulary()
    client.post(
        "/imports/", {"cluster": cast.other_cluster.slug, "file": _file("l.csv", as_csv(rows))}
    )
    run_queued_tasks()
    url = f"/imports/{OrganisationImport.objects.get().pk}/"
    page = client.get(url).content.decode()
    assert 'name="technologies"' in page
    assert 'name="sectors"' in page
    response = client.post(
        url + "mapping/", {"name": "Name", "country": "Country", "technologies": "Kompetenzen"}
    )
    assert response.status_code == 302
    run_queued_tasks()
    assert client.post(url + "import/").status_code == 302
    run_queued_tasks()
    assert _tags_of("Nordlicht") == {"Robotics": 3}


def test_the_template_offered_on_the_page_maps_every_field_and_checks_clean(
    cast, client: Client
) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.staticfiles import finders

    from crosscluster.directory.services import IMPORT_FIELDS
    from crosscluster.directory.tests.factories import make_region

    client.force_login(cast.cluster_manager)
    page = client.get("/imports/").content.decode()
    assert "imports/organisations-template.csv" in page
    path = finders.find("imports/organisations-template.csv")
    assert path
    with open(path, "rb") as handle:
        content = handle.read()
    table = read_table(content)
    assert set(suggest_mapping(table.columns)) == set(IMPORT_FIELDS)
    # the example rows' labels, as the shipped taxonomy has them (data/edih)
    _vocabulary()
    for facet, label in [
        ("services", "Prototyping"),
        ("services", "Knowledge transfer"),
        ("services", "Technology transfer"),
    ]:
        Tag.objects.get_or_create(facet=facet, label=label, slug=slugify(label))
    make_region("DE21", "Oberbayern", "DE")
    client.post("/imports/", {"cluster": cast.other_cluster.slug, "file": _file("t.csv", content)})
    run_queued_tasks()
    organisation_import = OrganisationImport.objects.get()
    assert (organisation_import.problem_count, organisation_import.new_count) == (0, 2), (
        organisation_import.problems
    )
