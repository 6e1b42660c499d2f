"""Pages: who sees what (404 hidden / 403 read-only), forms, suggested tags, notifications."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.marketplace.models import (
    Follow,
    Opportunity,
    OpportunityStatus,
    OpportunityVisibility,
)
from crosscluster.marketplace.tests.helpers import NEED_TEXT, NOW, make_opportunity

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_browse_shows_published_public_and_filters(cast, tags):  # type: ignore[no-untyped-def]
    make_opportunity(user=cast.sme_member, owner=cast.sme, tags=[tags["vision"]])
    make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        title="Robot welding cell",
        tags=[tags["robotics"]],
    )
    make_opportunity(user=cast.sme_member, owner=cast.sme, title="Secret draft", publish=False)
    page = _client().get(reverse("marketplace:browse")).content.decode()
    assert "Camera inspection of bottles" in page
    assert "Robot welding cell" in page
    assert "Secret draft" not in page
    filtered = _client().get(reverse("marketplace:browse"), {"technology": tags["robotics"].slug})
    assert "Robot welding cell" in filtered.content.decode()
    assert "Camera inspection" not in filtered.content.decode()
    by_country = _client().get(reverse("marketplace:browse"), {"country": "DE", "q": "welding"})
    assert "Robot welding cell" in by_country.content.decode()
    assert "Camera inspection" not in by_country.content.decode()


def test_a_draft_is_hidden_from_others_and_shown_to_its_organisation(cast):  # type: ignore[no-untyped-def]
    draft = make_opportunity(user=cast.sme_member, owner=cast.sme, publish=False)
    url = reverse("marketplace:opportunity_detail", args=[draft.pk])
    assert _client().get(url).status_code == 404
    assert _client(cast.outsider).get(url).status_code == 404
    assert _client(cast.sme_member).get(url).status_code == 200
    edit = reverse("marketplace:opportunity_edit", args=[draft.pk])
    assert _client(cast.outsider).get(edit).status_code == 404


def test_partnership_only_opportunities_are_for_members(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        partnership=cast.partnership,
        visibility=OpportunityVisibility.PARTNERSHIP,
    )
    url = reverse("marketplace:opportunity_detail", args=[opportunity.pk])
    assert _client().get(url).status_code == 404
    assert _client(cast.outsider).get(url).status_code == 404
    assert _client(cast.cluster_manager).get(url).status_code == 200


def test_a_visible_opportunity_cannot_be_changed_by_others(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    client = _client(cast.outsider)
    assert (
        client.get(reverse("marketplace:opportunity_edit", args=[opportunity.pk])).status_code
        == 403
    )
    response = client.post(reverse("marketplace:opportunity_close", args=[opportunity.pk]))
    assert response.status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.PUBLISHED
    assert client.get(reverse("marketplace:matches", args=[opportunity.pk])).status_code == 403


def test_create_edit_and_publish_through_the_pages(cast, tags):  # type: ignore[no-untyped-def]
    client = _client(cast.sme_member)
    response = client.post(
        reverse("marketplace:opportunity_create"),
        {
            "owner": cast.sme.pk,
            "kind": "industrial_need",
            "title": "Predictive maintenance of presses",
            "description": NEED_TEXT,
            "technologies": [tags["ai"].pk],
            "visibility": "public",
            "cooperation_types": ["services_agreement"],
            "save": "1",
        },
    )
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("marketplace:opportunity_detail", args=[opportunity.pk])
    assert opportunity.cooperation_types == ["services_agreement"]
    assert opportunity.created_by == cast.sme_member
    client.post(reverse("marketplace:opportunity_publish", args=[opportunity.pk]))
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.PUBLISHED
    mine = client.get(reverse("marketplace:mine")).content.decode()
    assert "Predictive maintenance of presses" in mine


def test_the_form_shows_the_error_next_to_the_field(cast):  # type: ignore[no-untyped-def]
    response = _client(cast.sme_member).post(
        reverse("marketplace:opportunity_create"),
        {
            "owner": cast.sme.pk,
            "kind": "industrial_need",
            "title": "Too short",
            "description": "short",
            "visibility": "partnership",
            "save": "1",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "at least 20 characters" in page
    assert "Choose a partnership" in page
    assert not Opportunity.objects.exists()


def test_suggest_tags_without_javascript_and_with_htmx(cast, tags):  # type: ignore[no-untyped-def]
    client = _client(cast.sme_member)
    data = {"owner": cast.sme.pk, "title": "Bottle inspection", "description": NEED_TEXT}
    response = client.post(reverse("marketplace:opportunity_create"), {**data, "suggest": "1"})
    assert response.status_code == 200
    assert "Sensors &amp; Vision Processing Systems" in response.content.decode()
    assert not Opportunity.objects.exists()
    fragment = client.post(reverse("marketplace:suggest_tags"), data, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert 'id="tag-suggestions"' in body
    assert "<html" not in body
    assert "Sensors &amp; Vision Processing Systems" in body


def test_tag_suggestions_are_limited_per_person(cast, tags, monkeypatch):  # type: ignore[no-untyped-def]
    """The embedder runs in the request (issue 11): a person may not ask without limit."""
    from django.core.cache import cache

    from crosscluster.core.throttling import ExpensiveReadThrottle
    from crosscluster.marketplace import permissions

    cache.clear()
    monkeypatch.setattr(
        permissions,
        "TAG_SUGGESTION_THROTTLE",
        ExpensiveReadThrottle(scope="tag-suggestions", rate="1/m"),  # the same rule, sooner
    )
    data = {"owner": cast.sme.pk, "title": "Bottle inspection", "description": NEED_TEXT}
    client = _client(cast.sme_member)
    first = client.post(reverse("marketplace:suggest_tags"), data, HTTP_HX_REQUEST="true")
    assert "Sensors &amp; Vision Processing Systems" in first.content.decode()
    again = client.post(reverse("marketplace:suggest_tags"), data, HTTP_HX_REQUEST="true")
    assert "Sensors &amp; Vision Processing Systems" not in again.content.decode()
    page = client.post(reverse("marketplace:opportunity_create"), {**data, "suggest": "1"})
    assert "limited to 20 a minute" in page.content.decode()
    other = _client(cast.cluster_manager)  # counted per person
    theirs = other.post(reverse("marketplace:suggest_tags"), data, HTTP_HX_REQUEST="true")
    assert "Sensors &amp; Vision Processing Systems" in theirs.content.decode()


def test_follow_an_opportunity_and_a_partnership(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    client = _client(cast.outsider)
    client.post(reverse("marketplace:follow", args=[opportunity.pk]), {"follow": "1"})
    client.post(reverse("marketplace:follow_partnership", args=[cast.partnership.slug]))
    assert Follow.objects.filter(user=cast.outsider).count() == 2
    client.post(reverse("marketplace:follow", args=[opportunity.pk]), {"follow": "0"})
    assert Follow.objects.filter(user=cast.outsider, opportunity=opportunity).count() == 0


def test_the_owner_edits_through_the_page(cast, tags):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme, tags=[tags["vision"]])
    client = _client(cast.sme_member)
    url = reverse("marketplace:opportunity_edit", args=[opportunity.pk])
    form = client.get(url).content.decode()
    assert 'value="Camera inspection of bottles"' in form
    response = client.post(
        url,
        {
            "kind": "technology_request",
            "title": "Inspection of bottles",
            "description": NEED_TEXT,
            "technologies": [tags["ai"].pk],
            "visibility": "public",
            "save": "1",
        },
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.title == "Inspection of bottles"
    assert opportunity.kind == "technology_request"
    assert list(opportunity.tags.values_list("label", flat=True)) == [tags["ai"].label]


def test_the_owner_sees_interests_and_others_do_not(cast):  # type: ignore[no-untyped-def]
    from crosscluster.marketplace import services

    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    services.express_interest(
        user=cast.outsider,
        opportunity=opportunity,
        organisation=cast.other_sme,
        offer="Our secret offer",
        timeframe="soon",
        budget_range="unknown",
        message="",
        now=NOW,
    )
    url = reverse("marketplace:opportunity_detail", args=[opportunity.pk])
    assert "Our secret offer" in _client(cast.sme_member).get(url).content.decode()
    assert "Our secret offer" not in _client(cast.cluster_manager).get(url).content.decode()
    assert "Our secret offer" not in _client().get(url).content.decode()


def test_browse_does_not_query_per_opportunity(cast, tags, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for number in range(12):
        make_opportunity(
            user=cast.sme_member, owner=cast.sme, title=f"Need {number}", tags=[tags["vision"]]
        )
    client = _client(cast.sme_member)
    client.get(reverse("marketplace:browse"))  # the session is written on the first request
    # (the country picker: one query per form; the page and its export link each make one)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("marketplace:browse"))
    assert response.content.decode().count('class="opportunity"') == 12


def test_the_detail_page_names_the_language_and_cooperation_types(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        title="Ispezione delle bottiglie",
        description=(
            "Cerchiamo un sistema di visione artificiale per l'ispezione automatica delle "
            "bottiglie di vetro nella nostra linea di imbottigliamento alimentare."
        ),
        cooperation_types=["licence_agreement"],
    )
    page = _client().get(reverse("marketplace:opportunity_detail", args=[opportunity.pk]))
    text = page.content.decode()
    assert "Italian" in text
    assert "Licence agreement" in text


def test_the_empty_form_does_not_claim_there_are_no_suggestions(cast):  # type: ignore[no-untyped-def]
    page = _client(cast.sme_member).get(reverse("marketplace:opportunity_create")).content.decode()
    assert "Suggest tags" in page
    assert "No suggestion yet" not in page


def test_ids_of_hidden_objects_lead_nowhere(cast):  # type: ignore[no-untyped-def]
    draft = make_opportunity(user=cast.sme_member, owner=cast.sme, publish=False)
    client = _client(cast.outsider)
    for name in (
        "follow",
        "interest_create",
        "opportunity_publish",
        "opportunity_close",
        "match_add",
    ):
        response = client.post(reverse(f"marketplace:{name}", args=[draft.pk]), {"follow": "1"})
        assert response.status_code == 404, name
    assert client.get(reverse("marketplace:matches", args=[draft.pk])).status_code == 404
    assert not Follow.objects.exists()
    draft.refresh_from_db()
    assert draft.status == OpportunityStatus.DRAFT
    # nor can a hidden partnership be followed
    cast.partnership.is_public = False
    cast.partnership.save()
    assert (
        client.post(
            reverse("marketplace:follow_partnership", args=[cast.partnership.slug])
        ).status_code
        == 404
    )


def test_tag_suggestions_are_for_logged_in_authors(db):  # type: ignore[no-untyped-def]
    response = Client().post(reverse("marketplace:suggest_tags"), {"description": "x y z w"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("https://evil.example/login", "/marketplace/"),
        ("//evil.example/login", "/marketplace/"),
        ("/partnerships/", "/partnerships/"),
    ],
)
def test_following_a_partnership_only_goes_back_to_this_site(cast, next_url, lands_on):  # type: ignore[no-untyped-def]
    """``next`` is followed only when it stays on this site (issue 11: open redirect)."""
    response = _client(cast.outsider).post(
        reverse("marketplace:follow_partnership", args=[cast.partnership.slug]),
        {"next": next_url},
    )
    assert response.status_code == 302
    expected = reverse("marketplace:browse") if lands_on == "/marketplace/" else lands_on
    assert response["Location"] == expected


def test_the_forms_show_the_taxonomy_in_the_readers_language(cast, tags):  # type: ignore[no-untyped-def]
    page = _client(cast.sme_member).get("/sv/marketplace/new/").content.decode()
    assert "Artificiell intelligens och beslutsstöd" in page  # the Swedish label
    assert "Artificial Intelligence &amp; Decision support" not in page
    edit = f"/sv/directory/organisations/{cast.sme.slug}/edit/"
    page = _client(cast.sme_member).get(edit).content.decode()  # the directory's profile form
    assert "Artificiell intelligens och beslutsstöd" in page
    assert "Artificial Intelligence &amp; Decision support" not in page


def test_an_empty_mine_page_says_what_to_do_next(cast):  # type: ignore[no-untyped-def]
    page = _client(cast.sme_member).get(reverse("marketplace:mine")).content.decode()
    assert "Your organisations have not published anything yet." in page
    assert "Publish a need or an offer with the button above" in page
    assert "<table" not in page  # no empty table that scrolls sideways on a phone


def test_interest_is_expressed_for_the_only_organisation_by_default(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.outsider, owner=cast.other_sme)
    page = _client(cast.sme_member).get(
        reverse("marketplace:opportunity_detail", args=[opportunity.pk])
    )
    text = page.content.decode()
    assert f'<option value="{cast.sme.pk}" selected>' in text
    assert "---------" not in text


def test_dates_are_written_in_the_readers_language(cast):  # type: ignore[no-untyped-def]
    import datetime as dt

    opportunity = make_opportunity(
        user=cast.sme_member, owner=cast.sme, deadline_date=dt.date(2031, 3, 14)
    )
    url = reverse("marketplace:opportunity_detail", args=[opportunity.pk])
    assert "14 March 2031" in _client().get(url).content.decode()
    assert "14 mars 2031" in _client().get("/sv" + url).content.decode()
    assert "14.03.2031" not in _client().get("/sv" + url).content.decode()


def test_browse_picks_a_country_by_its_name_in_the_readers_language(cast):  # type: ignore[no-untyped-def]
    """Issue 16: a country picker, not an ISO code box; the code stays the submitted value."""

    from tests.cast import make_country

    make_country("AT", "AUT", "Austria")
    make_opportunity(user=cast.outsider, owner=cast.other_sme, title="Robot welding cell")
    with translation.override("de"):
        page = _client().get(reverse("marketplace:browse")).content.decode()
    picker = page.split('name="country"')[1].split("</select>")[0]
    options = re.findall(r'<option value="([A-Z]*)"[^>]*>([^<]*)</option>', picker)
    # by the German name, Ö among the O's: not "Germany", not "DE", not after "Zypern"
    assert options[1:] == [
        ("DE", "Deutschland"),
        ("FR", "Frankreich"),
        ("AT", "Österreich"),
        ("US", "Vereinigte Staaten"),
    ]
    assert "ISO" not in page
    # old links with a lower-case code keep filtering
    chosen = _client().get(reverse("marketplace:browse"), {"country": "de"}).content.decode()
    assert "Robot welding cell" in chosen
    assert '<option value="DE" selected>' in chosen
    assert "Robot welding cell" not in (
        _client().get(reverse("marketplace:browse"), {"country": "FR"}).content.decode()
    )


def test_the_opportunity_form_chooses_tags_and_countries_with_checkboxes(cast, tags):  # type: ignore[no-untyped-def]
    """A phone cannot ctrl-click a native multi-select list: each choice of several is a
    fieldset of checkboxes, each beside its words, in the reader's language."""
    from crosscluster.core.taxonomy import translate_label

    with translation.override("de"):
        page = _client(cast.sme_member).get(reverse("marketplace:opportunity_create"))
    html = page.content.decode()
    assert " multiple>" not in html
    for name in ("technologies", "sectors", "services", "target_countries"):
        assert f'<div id="id_{name}" class="check-group">' in html
    robotics = translate_label("Robotics", facet="technologies", language="de")
    assert robotics != "Robotics"
    assert re.search(
        r'<label for="id_technologies_\d+"><input type="checkbox" name="technologies" value="'
        rf'{tags["robotics"].pk}" id="id_technologies_\d+">\s*{robotics}</label>',
        html,
    )
    with translation.override("de"):
        legend = translation.gettext("Target countries")
    assert legend != "Target countries"
    assert f"<legend>{legend}</legend>" in html
    assert re.search(r'value="DE" id="id_target_countries_\d+">\s*Deutschland</label>', html)


def test_browse_names_tags_and_languages_in_the_readers_language(cast, tags):  # type: ignore[no-untyped-def]
    """qa4: the technology and sector pickers list the labels in the reader's language, in
    its alphabetical order (they listed the English labels), and an opportunity's language is
    named ("Englisch"), not given as its code ("· en")."""
    opportunity = make_opportunity(user=cast.outsider, owner=cast.other_sme)
    Opportunity.objects.filter(pk=opportunity.pk).update(language="en")
    with translation.override("de"):
        page = _client().get(reverse("marketplace:browse")).content.decode()
    picker = page.split('name="technology"')[1].split("</select>")[0]
    labels = re.findall(r'<option value="[^"]+"[^>]*>([^<]*)</option>', picker)
    assert labels == [
        "Digitale Zwillinge",
        "Künstliche Intelligenz und Entscheidungsunterstützung",
        "Robotik",
        "Sensoren und Bildverarbeitungssysteme",
    ]
    assert f'<option value="{tags["robotics"].slug}"' in picker
    sectors = page.split('name="sector"')[1].split("</select>")[0]
    assert "Automotive" not in sectors
    assert "Automobilindustrie" in sectors
    assert " · Englisch" in page
    assert " · en<" not in page
    assert " · en\n" not in page
    chosen = _client().get(reverse("marketplace:browse"), {"technology": tags["robotics"].slug})
    assert f'<option value="{tags["robotics"].slug}" selected>' in chosen.content.decode()


def test_the_optional_partnership_offers_the_site_s_empty_choice(cast):  # type: ignore[no-untyped-def]
    """The form's selects say "—" for no choice, as the site's other selects do, never
    Django's "---------" (seen on the phone tour in Portuguese: "Parceria ---------")."""
    page = _client(cast.sme_member).get(reverse("marketplace:opportunity_create")).content.decode()
    partnership = re.search(r'<select name="partnership"[^>]*>(.*?)</select>', page, re.S)
    assert partnership is not None
    assert re.search(r'<option value=""[^>]*>—</option>', partnership.group(1))
    assert "---------" not in page
