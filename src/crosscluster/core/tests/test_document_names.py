"""Downloaded documents are named in the language they are written in, with an ASCII spelling
for old clients and the UTF-8 name in ``filename*`` (core.documents.names)."""

from __future__ import annotations

from urllib.parse import unquote

from crosscluster.core.documents.names import (
    MAX_STEM,
    ascii_file_name,
    attachment,
    document_file_name,
)


def test_the_subject_keeps_its_capitals_the_words_are_lower_case_and_hyphenated() -> None:
    assert (
        document_file_name(
            "Joint Internationalisation Strategy", "v2", subject="TDA", extension="pdf"
        )
        == "TDA-joint-internationalisation-strategy-v2.pdf"
    )
    assert (
        document_file_name("Stratégie conjointe d'internationalisation", "Copie de travail",
                           subject="TDA", extension="docx")
        == "TDA-stratégie-conjointe-d-internationalisation-copie-de-travail.docx"
    )  # fmt: skip
    assert document_file_name("Matches", 12, extension="csv") == "matches-12.csv"
    assert document_file_name("", subject="", extension="xlsx") == "document.xlsx"


def test_a_long_name_is_cut_after_its_last_whole_word() -> None:
    """An export keeps its name in 200 characters: an event's and a person's name of 120 each
    do not overflow it."""
    long_event, long_name = "brokerage-" * 12, "Ada " + "Lovelace-Byron " * 8
    name = document_file_name(long_event, "B2B agenda", long_name, subject="TDA", extension="ics")
    stem = name.removesuffix(".ics")
    assert len(stem) <= MAX_STEM < 200 - len(".xlsx")
    # 147 characters: the next word ("-byron") would pass the limit; nothing cut mid-word
    assert stem == f"TDA-{long_event.strip('-')}-b2b-agenda-ada-lovelace"
    one_word = document_file_name("x" * 300, extension="pdf")
    assert one_word == "x" * MAX_STEM + ".pdf"


def test_the_ascii_spelling_drops_accents_and_spells_out_what_has_none() -> None:
    assert ascii_file_name("TDA-stratégie-conjointe.pdf") == "TDA-strategie-conjointe.pdf"
    assert ascii_file_name("TDA-geschäftsplan-straße-2026-2027.xlsx") == (
        "TDA-geschaftsplan-strasse-2026-2027.xlsx"
    )
    assert ascii_file_name("dia-uppföljningsrapport-år.pdf") == "dia-uppfoljningsrapport-ar.pdf"
    assert ascii_file_name("Ελλάδα.pdf") == "document.pdf"  # nothing in ASCII letters


def test_the_header_carries_the_ascii_name_and_the_utf8_name() -> None:
    header = attachment("TDA-stratégie-v1.pdf")
    assert header == (
        "attachment; filename=\"TDA-strategie-v1.pdf\"; filename*=UTF-8''TDA-strat%C3%A9gie-v1.pdf"
    )
    assert unquote(header.rpartition("''")[2]) == "TDA-stratégie-v1.pdf"
    # an English name is the same in both
    assert attachment("TDA-business-plan-2026-2027.xlsx") == (
        'attachment; filename="TDA-business-plan-2026-2027.xlsx"; '
        "filename*=UTF-8''TDA-business-plan-2026-2027.xlsx"
    )
