"""A partnership's texts keep their language (issue 14): marked with ``lang``, held in several
languages with a fallback to the original and a note "written in ..."."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from crosscluster.partnerships import services
from crosscluster.partnerships.models import PartnershipTranslation
from crosscluster.partnerships.services import PartnershipChanges
from tests.cast import Cast

pytestmark = pytest.mark.django_db

SPANISH = (
    "La alianza conecta clústeres industriales de seis países para digitalizar las pymes "
    "manufactureras y llevar sus soluciones a nuevos mercados."
)


def test_the_language_of_the_summary_is_detected(cast: Cast) -> None:
    services.update_partnership(
        user=cast.coordinator,
        partnership=cast.partnership,
        changes=PartnershipChanges(summary=SPANISH),
    )
    cast.partnership.refresh_from_db()
    assert cast.partnership.language == "es"


def test_a_short_text_takes_the_authors_language(cast: Cast) -> None:
    cast.coordinator.language = "it"
    cast.coordinator.save()
    services.update_partnership(
        user=cast.coordinator,
        partnership=cast.partnership,
        changes=PartnershipChanges(summary="AI"),
    )
    cast.partnership.refresh_from_db()
    assert cast.partnership.language == "it"


def test_the_page_marks_the_original_and_says_which_language_it_is(
    client: Client, cast: Cast
) -> None:
    services.update_partnership(
        user=cast.coordinator,
        partnership=cast.partnership,
        changes=PartnershipChanges(summary=SPANISH),
    )
    html = client.get("/de/partnerships/test-alliance/").content.decode()
    assert '<div lang="es"><p>La alianza' in html
    assert "Geschrieben auf Spanisch." in html  # the German catalogue, language name included
    html = client.get("/es/partnerships/test-alliance/").content.decode()
    assert '<div lang="es"><p>La alianza' in html
    assert "Written in" not in html


def test_a_translation_is_shown_in_its_language_and_the_original_elsewhere(
    client: Client, cast: Cast
) -> None:
    cast.partnership.language = "en"
    cast.partnership.save()
    services.translate_partnership(
        user=cast.coordinator,
        partnership=cast.partnership,
        language="fr",
        summary="Un partenariat pour **tester**.",
        results_expected="",
    )
    french = client.get("/fr/partnerships/test-alliance/").content.decode()
    assert '<div lang="fr"><p>Un partenariat pour <strong>tester</strong>.' in french
    assert "Written in" not in french
    swedish = client.get("/sv/partnerships/test-alliance/").content.decode()
    assert '<div lang="en"><p>A partnership for <strong>testing</strong>.' in swedish
    # an empty summary removes the translation: the original shows again
    services.translate_partnership(
        user=cast.coordinator,
        partnership=cast.partnership,
        language="fr",
        summary="",
        results_expected="",
    )
    assert not PartnershipTranslation.objects.exists()


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider", "anonymous"])
def test_only_coordinators_translate(cast: Cast, who: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else getattr(cast, who)
    with pytest.raises(PermissionDenied):
        services.translate_partnership(
            user=user, partnership=cast.partnership, language="fr", summary="x", results_expected=""
        )


@pytest.mark.parametrize("language", ["nl", "", "de-AT", "en"])
def test_a_translation_names_an_offered_language_other_than_the_original(
    cast: Cast, language: str
) -> None:
    cast.partnership.language = "en"
    cast.partnership.save()
    with pytest.raises(ValidationError) as raised:
        services.translate_partnership(
            user=cast.coordinator,
            partnership=cast.partnership,
            language=language,
            summary="x",
            results_expected="",
        )
    assert "language" in raised.value.message_dict
    assert not PartnershipTranslation.objects.exists()
