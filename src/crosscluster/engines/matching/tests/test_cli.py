"""The command-line contract, run with the fake embedder (the real one is the default)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from crosscluster.engines.matching import HashingEmbedder
from crosscluster.engines.matching.cli import ProgressBar, main
from crosscluster.engines.matching.vocabulary import Vocabulary

PROVIDERS = [
    {
        "id": "vision",
        "name": "Vision Lab",
        "country": "Italy",
        "description": "Machine vision, smart cameras and image processing for quality inspection.",
        "technologies": ["Sensors & Vision Processing Systems"],
        "sectors": ["Food and beverages"],
        "services": [],
    },
    {
        "id": "ledger",
        "name": "Ledger Works",
        "country": "ES",
        "description": "Blockchain platforms and smart contracts for banks.",
        "technologies": [],
        "sectors": [],
        "services": [],
    },
    {
        "id": "robots",
        "name": "Cobot Centre",
        "country": "Germany",
        "description": "Collaborative robots for packaging lines.",
        "technologies": ["robotics"],
        "sectors": [],
        "services": ["Prototyping"],
    },
]
NEEDS = [
    {"id": "n1", "text": "Wir suchen Kameras für die Inspektion von Flaschen.", "country": "DE"},
    {"id": "n2", "text": "Robots to pack cosmetics jars", "language": "en"},
]


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def run(argv: list[str]) -> tuple[int, list[dict[str, object]]]:
    stdout = io.StringIO()
    status = main(argv, stdout=stdout, embedder_factory=HashingEmbedder)
    return status, [json.loads(line) for line in stdout.getvalue().splitlines()]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_jsonl(tmp_path / "providers.jsonl", PROVIDERS),
        write_jsonl(tmp_path / "needs.jsonl", NEEDS),
    )


def test_match_writes_one_line_per_need_best_first(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    providers, needs = files
    status, lines = run(
        ["match", "--providers", str(providers), "--needs", str(needs), "--top", "2"]
    )
    assert status == 0
    assert [line["need_id"] for line in lines] == ["n1", "n2"]
    for line in lines:
        assert set(line) == {"need_id", "matches"}
        matches = line["matches"]
        assert isinstance(matches, list)
        assert len(matches) == 2
        assert all(set(match) == {"provider_id", "score", "reasons"} for match in matches)
        assert matches[0]["score"] >= matches[1]["score"]
        assert all(match["reasons"] and isinstance(match["score"], float) for match in matches)
    first = lines[0]["matches"][0]
    assert first["provider_id"] == "vision"
    assert "cross-border: DE \u2192 IT" in first["reasons"]
    assert lines[1]["matches"][0]["provider_id"] == "robots"
    # progress goes to stderr only
    assert "embedding providers" in capsys.readouterr().err


def test_tag_uses_the_vocabulary_spelling(tmp_path: Path, vocabulary: Vocabulary) -> None:
    profiles = write_jsonl(
        tmp_path / "profiles.jsonl",
        [
            {"id": "a", "text": "Robots, cobots and robotic arms for factories."},
            {"id": "b", "text": "Hospitals and clinics: telemedicine for patients."},
        ],
    )
    for facet in ("technologies", "sectors"):
        status, lines = run(["tag", "--profiles", str(profiles), "--facet", facet, "--top", "4"])
        assert status == 0
        assert [line["id"] for line in lines] == ["a", "b"]
        for line in lines:
            tags = line["tags"]
            assert isinstance(tags, list)
            assert len(tags) == 4
            assert all(tag["label"] in vocabulary.facet(facet) for tag in tags)
            assert all(isinstance(tag["score"], float) for tag in tags)
    status, lines = run(["tag", "--profiles", str(profiles), "--facet", "technologies"])
    assert "Robotics" in [tag["label"] for tag in lines[0]["tags"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"id": "n1", "text": "ok"}\n{"id": "n2"}\n',
            'needs.jsonl line 2: field "text" is missing',
        ),
        (
            '{"id": "n1", "text": "  "}\n',
            'needs.jsonl line 1: field "text" must be a non-empty string',
        ),
        ('{"id": 5, "text": "ok"}\n', 'needs.jsonl line 1: field "id" must be a string, got int'),
        (
            '{"id": "n1", "text": "ok"}\n{"id": "n1", "text": "again"}\n',
            'line 2: field "id" repeats "n1"',
        ),
        ('{"id": "n1", "text": "ok"\n', "needs.jsonl line 1: not valid JSON"),
        ('\n\n["n1", "ok"]\n', "needs.jsonl line 3: expected a JSON object"),
        ('{"id": "n1", "text": "ok", "country": 49}\n', 'field "country" must be a string'),
    ],
)
def test_malformed_needs_stop_with_one_line_naming_line_and_field(
    files: tuple[Path, Path],
    tmp_path: Path,
    content: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    providers, _ = files
    needs = tmp_path / "needs.jsonl"
    needs.write_text(content, encoding="utf-8")
    status, lines = run(["match", "--providers", str(providers), "--needs", str(needs)])
    err = capsys.readouterr().err
    assert status == 1
    assert lines == []
    assert message in err
    assert err.startswith("error: ")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            {"id": "p", "description": "x", "technologies": "Robotics"},
            'field "technologies" must be a list of strings',
        ),
        (
            {"id": "p", "description": "x", "sectors": [1]},
            'field "sectors" must be a list of strings',
        ),
        ({"id": "p", "name": "", "description": ""}, 'field "description" is empty'),
        ({"name": "x"}, 'field "id" is missing'),
    ],
)
def test_malformed_providers_are_refused(
    files: tuple[Path, Path],
    tmp_path: Path,
    record: dict[str, object],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, needs = files
    providers = write_jsonl(tmp_path / "bad.jsonl", [PROVIDERS[0], record])
    status, _ = run(["match", "--providers", str(providers), "--needs", str(needs)])
    err = capsys.readouterr().err
    assert status == 1
    assert f"bad.jsonl line 2: {message}" in err


def test_unknown_labels_are_ignored_with_a_warning(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, needs = files
    record = {**PROVIDERS[0], "id": "x", "technologies": ["Telepathy", "Robotics"]}
    providers = write_jsonl(tmp_path / "providers.jsonl", [record])
    status, lines = run(["match", "--providers", str(providers), "--needs", str(needs)])
    assert status == 0
    assert len(lines[0]["matches"]) == 1
    assert 'unknown label "Telepathy" ignored' in capsys.readouterr().err


def test_missing_file_and_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(["tag", "--profiles", str(tmp_path / "none.jsonl"), "--facet", "sectors"])
    assert status == 1
    assert "none.jsonl: no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        run(["tag", "--profiles", "x", "--facet", "services"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        run(["match", "--providers", "x", "--needs", "y", "--top", "0"])


def test_progress_bar_draws_on_its_stream_and_finishes_once() -> None:
    stream = io.StringIO()
    bar = ProgressBar("work", stream=stream, width=4)
    bar(1, 2)
    bar(2, 2)
    bar(2, 2)
    assert stream.getvalue() == "\rwork 1/2 [##..]  50%\rwork 2/2 [####] 100%\n"
