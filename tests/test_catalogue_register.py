"""Our own catalogues address the reader as docs/glossary.md says ("Register and style").

German says *Sie*, Italian *Lei*, French *vous*, Spanish *usted*, Portuguese the third person
without a pronoun; only Swedish says *du*. tests/test_account_register.py reads the pages that
allauth and Django write; this file reads every entry of our own catalogues, compiled by msgfmt
and read back with the standard library's gettext (no .po parser of our own):

- no informal pronoun or possessive ("du", "dein…"; "tu", "tuo…"; "tu", "ton…"; "tú", "tus";
  "tu", "teu…", "você"), and no Italian plural *voi* ("siete", "vostra", "riducete");
- no Italian informal imperative at the start of a sentence or clause ("Indica…", "Importa…",
  "…: scrivila", "…: correggi"), and none in the plural *voi* ("Indicate…", "sceglietela").
  Italian buttons take the infinitive ("Importare", docs/glossary.md), instructions *Lei*'s
  imperative ("Indichi", "la scriva"). An informal imperative and a noun or a third person can
  be spelt alike ("Verifica": a check, "Importa": imports), so the word is read as an imperative
  only where the English it translates opens with a verb telling the reader to act, or where it
  stands after a colon or semicolon, which in our sentences introduces the instruction.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "src" / "crosscluster" / "locale"

PRONOUNS = {
    "de": re.compile(r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b"),
    # Italian: "tu" and, as unambiguous as its pronouns, the plural "voi" that addresses a team
    "it": re.compile(
        r"\b(?:tu|ti|tuo|tua|tuoi|tue|vostro|vostra|vostri|vostre|siete|avete|potete|dovete"
        r"|riducete|riducetene|aggiungete|scegliete|sceglietela|coprite|spostatelo|spostatela"
        r"|correggete|scrivete|chiedete|rispondete|mantenete|segnatela|segnatele)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(r"\b(?:tu|toi|ton|ta|tes|te)\b", re.IGNORECASE),
    "es": re.compile(r"\b(?:tú|tus|contigo)\b", re.IGNORECASE),
    "pt": re.compile(r"\b(?:tu|teu|tua|teus|tuas|contigo|você)\b", re.IGNORECASE),
}

# Italian *tu* imperatives of the verbs our instructions use, and their *voi* and enclitic forms.
ITALIAN_INFORMAL = frozenset(
    [
        "indica",
        "importa",
        "verifica",
        "lascia",
        "carica",
        "modifica",
        "scegli",
        "scrivi",
        "inserisci",
        "aggiungi",
        "usa",
        "invia",
        "salva",
        "elimina",
        "rimuovi",
        "controlla",
        "accedi",
        "clicca",
        "seleziona",
        "apri",
        "chiudi",
        "torna",
        "vai",
        "prova",
        "cerca",
        "leggi",
        "chiedi",
        "rispondi",
        "conferma",
        "annulla",
        "compila",
        "imposta",
        "crea",
        "scarica",
        "pubblica",
        "segna",
        "invita",
        "accetta",
        "rifiuta",
        "nomina",
        "vedi",
        "guarda",
        "segui",
        "aspetta",
        "attendi",
        "descrivi",
        "includi",
        "proponi",
        "correggi",
        "mantieni",
        "sposta",
        "cambia",
        "trova",
        "mostra",
        "tieni",
        "accorcia",
        "fai",
        "dai",
        "indicate",
        "importate",
        "verificate",
        "lasciate",
        "caricate",
        "modificate",
        "scegliete",
        "scrivete",
        "inserite",
        "aggiungete",
        "usate",
        "inviate",
        "salvate",
        "eliminate",
        "correggete",
        "trovate",
        "segnate",
        "indicane",
        "indicalo",
        "indicala",
        "scrivila",
        "scrivilo",
        "sceglila",
        "sceglilo",
        "sceglietela",
        "sceglietelo",
        "segnala",
        "segnalo",
        "segnatela",
        "segnatele",
        "tienine",
        "tienilo",
        "accorcialo",
        "accorciala",
        "correggilo",
        "correggila",
        "fattene",
    ]
)
# English verbs that open an instruction to the reader ("Give the day…", "Import a partnership").
ENGLISH_INSTRUCTION = frozenset(
    [
        "give",
        "import",
        "check",
        "leave",
        "upload",
        "edit",
        "choose",
        "write",
        "mark",
        "bring",
        "verify",
        "name",
        "enter",
        "add",
        "use",
        "send",
        "save",
        "delete",
        "remove",
        "select",
        "open",
        "try",
        "ask",
        "answer",
        "confirm",
        "cancel",
        "set",
        "create",
        "download",
        "publish",
        "invite",
        "accept",
        "decline",
        "sign",
        "go",
        "tell",
        "keep",
        "pick",
        "type",
        "shorten",
        "register",
        "fill",
        "look",
        "see",
        "read",
        "start",
        "change",
        "move",
        "make",
        "put",
        "find",
        "follow",
        "show",
        "let",
        "wait",
        "say",
        "describe",
        "include",
        "report",
        "propose",
        "correct",
        "extend",
        "close",
        "schedule",
    ]
)
CLAUSE_OPENING = re.compile(r"(?:^|[.!?]\s+|\n)[\W_]*([^\W\d_]+)")
AFTER_COLON = re.compile(r"[:;]\s+[\W_]*([^\W\d_]+)")


def compiled_catalogue(language: str, target: Path) -> dict[str, str]:
    """msgid (with "context\\x04" where there is one) -> every translation of it, joined."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "the catalogue checks need gettext's msgfmt (Debian package gettext)"
    mo = target / f"{language}.mo"
    source = LOCALE / language / "LC_MESSAGES" / "django.po"
    done = subprocess.run(
        [msgfmt, "-o", str(mo), str(source)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    entries: dict[str, str] = {}
    for key, text in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:  # the header
            entries[msgid] = f"{entries[msgid]}\n{text}" if msgid in entries else text
    return entries


def informal_pronouns(language: str, text: str) -> list[str]:
    return PRONOUNS[language].findall(text)


def italian_informal_imperatives(english: str, italian: str) -> list[str]:
    first = re.match(r"[\W_]*([A-Za-z]+)", english.split("\x04")[-1])
    instruction = (
        bool(first) and first.group(1).lower() in ENGLISH_INSTRUCTION and " " in english.strip()
    )
    found = []
    for line in italian.split("\n"):
        for match in CLAUSE_OPENING.finditer(line):
            word = match.group(1).lower()
            if word in ITALIAN_INFORMAL and (instruction or match.start() > 0):
                found.append(word)
        found += [
            m.group(1).lower()
            for m in AFTER_COLON.finditer(line)
            if m.group(1).lower() in ITALIAN_INFORMAL
        ]
    return found


def test_the_checks_find_informal_words() -> None:
    assert informal_pronouns("it", "Verifica il tuo indirizzo") == ["tuo"]
    assert informal_pronouns("it", "Verifichi il Suo indirizzo; tutti i titoli") == []
    assert informal_pronouns("it", "quindi riducete il finanziamento") == ["riducete"]
    assert informal_pronouns("it", "Richieste inserite; azioni completate") == []
    assert informal_pronouns("de", "Hast du dein Passwort vergessen? Dunkel") == ["du", "dein"]
    assert informal_pronouns("fr", "Vérifiez votre adresse ; tonnes") == []
    assert italian_informal_imperatives("Give the day.", "Indica il giorno.") == ["indica"]
    assert italian_informal_imperatives("Import a partnership", "Importa un partenariato") == [
        "importa"
    ]
    assert italian_informal_imperatives("Import a partnership", "Importare un partenariato") == []
    assert italian_informal_imperatives("Not a date: write it.", "Non è una data: scrivila.") == [
        "scrivila"
    ]
    assert italian_informal_imperatives("Not a date: write it.", "Non è una data: la scriva.") == []
    # a noun or a third person spelt like an imperative, where nothing asks the reader to act
    assert italian_informal_imperatives("Check", "Verifica") == []
    assert italian_informal_imperatives("Checking the rows", "Verifica delle righe") == []
    assert (
        italian_informal_imperatives(
            "complementary: brings %(labels)s", "complementare: porta %(labels)s"
        )
        == []
    )


@pytest.mark.parametrize("language", sorted(PRONOUNS))
def test_no_informal_pronoun_in_our_catalogue(tmp_path: Path, language: str) -> None:
    entries = compiled_catalogue(language, tmp_path)
    assert len(entries) > 1000, "the catalogue was not read"
    informal = {msgid: text for msgid, text in entries.items() if informal_pronouns(language, text)}
    assert informal == {}, (
        f"{language}: the glossary's register is formal; reword these: {informal}"
    )


def test_no_italian_informal_imperative_in_our_catalogue(tmp_path: Path) -> None:
    entries = compiled_catalogue("it", tmp_path)
    informal = {
        msgid: (words, text)
        for msgid, text in entries.items()
        if (words := italian_informal_imperatives(msgid, text))
    }
    assert informal == {}, (
        f"Italian addresses the reader as Lei (buttons: the infinitive); reword: {informal}"
    )
