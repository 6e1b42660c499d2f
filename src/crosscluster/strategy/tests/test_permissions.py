"""Who may see and change what, on every page, including ids changed in the address.

Coordinators (and administrators) edit; members (people of partner organisations and of members
of partner clusters) read the working copy, comment and propose; everyone else sees only adopted
versions of public partnerships. Hidden objects are 404, visible but not editable ones 403.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.strategy import services
from crosscluster.strategy.models import Comment, Initiative, JointOffering, RoadmapAction
from crosscluster.strategy.tests.helpers import NOW, adopt, build_jis, make_other_partnership
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

EDITORS = ["coordinator", "administrator"]
MEMBERS = ["cluster_manager", "sme_member"]


def as_(cast, who: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if who != "anonymous":
        client.login(email=getattr(cast, who).email, password=PASSWORD)
    return client


def url(name: str, slug: str, *args: object) -> str:
    return reverse(f"strategy:{name}", args=[slug, *args])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("administrator", 200),
        ("cluster_manager", 200),
        ("sme_member", 200),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_who_reads_the_working_copy(cast, who: str, status: int) -> None:
    build_jis(cast, actions=1)
    client = as_(cast, who)
    slug = cast.partnership.slug
    for name in ("overview", "comments", "ranking", "judgements", "changes"):
        assert client.get(url(name, slug)).status_code == status, name


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_the_public_reads_adopted_versions_of_public_partnerships_only(cast, who: str) -> None:
    build_jis(cast, actions=1)
    adopt(cast)
    client = as_(cast, who)
    slug = cast.partnership.slug
    for target in (url("overview", slug), url("version", slug, 1), url("compare", slug, 1)):
        assert client.get(target).status_code == 200, target
    assert client.get(url("version", slug, 2)).status_code == 404
    for name in ("comments", "ranking", "judgements", "changes"):
        assert client.get(url(name, slug)).status_code == 404, name
    cast.partnership.is_public = False
    cast.partnership.save()
    for target in (url("overview", slug), url("version", slug, 1)):
        assert client.get(target).status_code == 404, target
    for subject in (slug, f"{slug}:v1"):
        asked = client.post(
            reverse("exports:request"),
            {"kind": "strategy.jis", "subject": subject, "format": "pdf"},
        )
        assert asked.status_code == 404, subject


@pytest.mark.parametrize("who", [*MEMBERS, "outsider"])
def test_only_coordinators_open_the_edit_pages(cast, who: str) -> None:
    build_jis(cast, actions=1)
    client = as_(cast, who)
    slug = cast.partnership.slug
    for name in ("edit",):
        assert client.get(url(name, slug)).status_code == 403
    assert client.get(url("section", slug, "roadmap")).status_code == 403
    assert (
        client.post(
            url("section", slug, "commercialisation"), {"title": "x", "target_group": "both"}
        ).status_code
        == 403
    )
    assert client.post(url("move", slug), {"to": "in_review"}).status_code == 403
    assert client.post(url("choose_markets", slug), {"market": ["KOR"]}).status_code == 403
    action = RoadmapAction.objects.get()
    # an item of a draft: 403 for members, 404 for the outsider who may not see drafts
    expected = 404 if who == "outsider" else 403
    assert client.get(url("item_edit", slug, "roadmap", action.pk)).status_code == expected
    assert client.post(url("item_delete", slug, "roadmap", action.pk)).status_code == expected
    assert RoadmapAction.objects.filter(pk=action.pk).exists()
    assert not Initiative.objects.filter(title="x").exists()


@pytest.mark.parametrize("who", EDITORS)
def test_coordinators_and_administrators_open_the_edit_pages(cast, who: str) -> None:
    build_jis(cast, actions=1)
    client = as_(cast, who)
    slug = cast.partnership.slug
    action = RoadmapAction.objects.get()
    for target in (
        url("edit", slug),
        url("section", slug, "roadmap"),
        url("item_edit", slug, "roadmap", action.pk),
        url("item_delete", slug, "roadmap", action.pk),
    ):
        assert client.get(target).status_code == 200, target


def test_anonymous_visitors_of_edit_pages_are_sent_to_log_in(cast) -> None:
    build_jis(cast, actions=1)
    client = Client()
    slug = cast.partnership.slug
    for target in (
        url("edit", slug),
        url("section", slug, "roadmap"),
        url("item_edit", slug, "roadmap", RoadmapAction.objects.get().pk),
        url("judgement_edit", slug, cast.cluster.pk),
    ):
        response = client.get(target)
        assert response.status_code == 302, target
        assert "/accounts/login/" in response["Location"]


def test_ids_of_another_partnership_are_not_found(cast) -> None:
    build_jis(cast, actions=0)
    other = make_other_partnership(cast)
    theirs = services.save_offering(
        user=other.coordinator,
        partnership=other.partnership,
        data=services.OfferingInput(kind="product", title="Theirs"),
    )
    ours = JointOffering.objects.filter(strategy__partnership=cast.partnership).first()
    client = as_(cast, "coordinator")
    slug = cast.partnership.slug
    # their item through our address: not an item of our strategy
    assert client.get(url("item_edit", slug, "offerings", theirs.pk)).status_code == 404
    assert client.post(url("item_delete", slug, "offerings", theirs.pk)).status_code == 404
    # their address: we are not members there
    assert (
        client.get(url("item_edit", other.partnership.slug, "offerings", theirs.pk)).status_code
        == 404
    )
    # our item under their address, for their coordinator
    other_client = Client()
    other_client.login(email=other.coordinator.email, password=PASSWORD)
    assert (
        other_client.get(url("item_edit", other.partnership.slug, "offerings", ours.pk)).status_code
        == 404
    )
    assert JointOffering.objects.filter(pk=theirs.pk).exists()
    # an item under the wrong section, and a section that does not exist
    initiative = Initiative.objects.filter(kind="commercialisation").first()
    assert (
        client.get(url("item_edit", slug, "internationalisation", initiative.pk)).status_code == 404
    )
    assert client.get(url("item_edit", slug, "commercialisation", initiative.pk)).status_code == 200
    assert client.get(url("section", slug, "nowhere")).status_code == 404


def test_proposal_decisions_by_changed_ids(cast) -> None:
    other = make_other_partnership(cast)
    theirs = services.post_comment(
        user=other.coordinator,
        partnership=other.partnership,
        section="general",
        kind="proposal",
        body="x",
        now=NOW,
    )
    ours = services.post_comment(
        user=cast.sme_member,
        partnership=cast.partnership,
        section="general",
        kind="proposal",
        body="y",
        now=NOW,
    )
    slug = cast.partnership.slug
    assert (
        as_(cast, "coordinator")
        .post(url("decide", slug, theirs.pk), {"decision": "accept"})
        .status_code
        == 404
    )
    assert (
        as_(cast, "sme_member")
        .post(url("decide", slug, ours.pk), {"decision": "accept"})
        .status_code
        == 403
    )
    assert (
        as_(cast, "outsider").post(url("decide", slug, ours.pk), {"decision": "accept"}).status_code
        == 404
    )
    assert (
        as_(cast, "coordinator")
        .post(url("decide", slug, ours.pk), {"decision": "accept"})
        .status_code
        == 302
    )
    assert set(Comment.objects.values_list("status", flat=True)) == {"open", "accepted"}


@pytest.mark.parametrize(
    ("who", "organisation", "status"),
    [
        ("cluster_manager", "other_cluster", 200),  # its own partner organisation
        ("cluster_manager", "cluster", 403),  # another partner
        ("sme_member", "cluster", 403),  # a member SME's staff, not the partner's
        ("coordinator", "other_cluster", 200),  # on the partner's behalf
        ("coordinator", "other_sme", 404),  # not a partner
        ("outsider", "other_cluster", 404),
    ],
)
def test_who_enters_a_partners_judgements(cast, who: str, organisation: str, status: int) -> None:
    target = url("judgement_edit", cast.partnership.slug, getattr(cast, organisation).pk)
    client = as_(cast, who)
    assert client.get(target).status_code == status
    data = {f"pair_{r}_{c}": "1" for r in range(5) for c in range(r + 1, 5)}
    assert client.post(target, data).status_code == (302 if status == 200 else status)
