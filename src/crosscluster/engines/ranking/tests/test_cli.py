"""The command-line contract: `crosscluster markets rank --top N --json [--weights W.json]
[--matrix M.csv --method topsis|wsm]`, and one-line errors that name the place and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscluster.cli import main as crosscluster
from crosscluster.engines.ranking.cli import main

MATRIX = """iso3,gdp,growth,distance
type,benefit,benefit,cost
USA,27.4,2.5,7400
JPN,4.2,0.9,9700
BRA,2.2,2.9,8700
IND,3.9,6.5,6600
MEX,1.8,1.5,9100
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = crosscluster(["markets", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_shipped_ranking_keeps_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "rank", "--top", "4", "--json", "--partners", "FR,ES,PT,DE,IT,SE",
        "--outside-europe", "--draws", "300",
    )  # fmt: skip
    assert status == 0, err
    result = json.loads(out)
    assert {"ranking", "weights", "data"} <= set(result)
    assert {"source", "vintage"} <= set(result["data"])
    first = result["ranking"][0]
    assert {"iso3", "name", "score", "rank", "p_top", "contributions"} <= set(first)
    assert isinstance(first["p_top"], float)
    assert 0 <= first["p_top"] <= 1
    assert first["rank"] == 1
    assert sum(first["contributions"].values()) == pytest.approx(first["score"], abs=1e-12)
    assert set(first["contributions"]) == set(result["weights"])
    assert sum(result["weights"].values()) == pytest.approx(1.0)
    assert "distance" in result["weights"]
    assert "World Bank" in result["data"]["source"]
    assert len(result["what_would_change"]["holders"]) == 4
    assert all(m["iso3"] not in {"FRA", "DEU", "NOR"} for m in result["ranking"])
    assert any("in Europe" in r for item in result["screened_out"] for r in item["reasons"])
    ranks = [m["rank"] for m in result["ranking"]]
    assert ranks == sorted(ranks)


def test_without_partners_the_default_leaves_out_distance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(
        capsys, "rank", "--top", "3", "--json", "--draws", "50", "--method", "topsis"
    )
    assert status == 0
    result = json.loads(out)
    assert "distance" not in result["weights"]
    assert result["method"] == "topsis"
    assert any("no --partners" in warning for warning in result["warnings"])


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_matrix_with_a_type_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, method: str
) -> None:
    path = write(tmp_path, "M.csv", MATRIX)
    status, out, err = run(
        capsys, "rank", "--top", "2", "--json", "--matrix", path, "--method", method
    )
    assert status == 0, err
    result = json.loads(out)
    assert [m["rank"] for m in result["ranking"]] == [1, 2, 3, 4, 5]
    assert result["weights"] == pytest.approx({"gdp": 1 / 3, "growth": 1 / 3, "distance": 1 / 3})
    names = {m["iso3"]: m["name"] for m in result["ranking"]}
    assert names["USA"] == "United States of America"  # CEPII's name for a known code
    assert result["data"]["vintage"] == "as supplied"
    for market in result["ranking"]:
        assert sum(market["contributions"].values()) == pytest.approx(market["score"], abs=1e-12)


def test_matrix_with_direct_weights_and_exclusions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    matrix = write(tmp_path, "M.csv", MATRIX)
    weights = write(tmp_path, "W.json", '{"weights": {"gdp": 3, "distance": 1, "growth": 0}}')
    status, out, err = run(
        capsys, "rank", "--json", "--matrix", matrix, "--weights", weights, "--exclude", "usa",
    )  # fmt: skip
    assert status == 0, err
    result = json.loads(out)
    assert result["weights"] == {"gdp": 0.75, "distance": 0.25}
    assert result["weights_basis"] == "direct"
    assert "USA" not in {m["iso3"] for m in result["ranking"]}
    assert result["screened_out"] == [
        {
            "iso3": "USA",
            "name": "United States of America",
            "reasons": ["excluded by the user"],
            "reason_parts": [{"code": "excluded"}],
        }
    ]
    assert set(result["ranking"][0]["contributions"]) == {"gdp", "distance"}


def test_ahp_weights_per_partner(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    matrix = write(tmp_path, "M.csv", MATRIX)
    ahp = {
        "ahp": {
            "criteria": ["gdp", "growth", "distance"],
            "partners": {
                "FR": [[1, 3, 5], ["1/3", 1, 3], ["1/5", "1/3", 1]],
                "DE": [[1, 3, 5], ["1/3", 1, 3], ["1/5", "1/3", 1]],
            },
        }
    }
    weights = write(tmp_path, "W.json", json.dumps(ahp))
    status, out, err = run(capsys, "rank", "--json", "--matrix", matrix, "--weights", weights)
    assert status == 0, err
    result = json.loads(out)
    assert result["weights"]["gdp"] == pytest.approx(0.6370, abs=1e-4)
    assert result["ahp"]["partners"]["FR"]["consistency_ratio"] == pytest.approx(0.0332, abs=1e-4)
    assert result["ahp"]["combined"]["warning"] is None


def test_text_output_and_help(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "rank", "--matrix", write(tmp_path, "M.csv", MATRIX), "--top", "2")
    assert status == 0
    assert "What would change the top 2:" in out
    assert main(["markets", "rank", "--help"]) == 0
    help_text = capsys.readouterr().out
    assert "W.json" in help_text
    assert "ahp" in help_text
    assert '"type" row' in help_text
    assert main(["markets", "indicators"]) == 0
    assert "NY.GDP.MKTP.CD" in capsys.readouterr().out


BAD_MATRICES = [
    (MATRIX.replace("JPN,4.2", "JPN,lots"), "M.csv line 4, column gdp: not a number ('lots')"),
    (MATRIX.replace("BRA,2.2,2.9", "BRA,2.2,"), "M.csv line 5, column growth: missing value"),
    (MATRIX.replace("type,benefit,benefit,cost", "type,benefit,profit,cost"),
     "M.csv line 2, column growth: type must be benefit or cost, found 'profit'"),
    (MATRIX.replace("type,benefit,benefit,cost\n", ""),
     "M.csv line 2, column iso3: the second row must start with type"),
    (MATRIX.replace("MEX", "USA"), "M.csv line 7, column iso3: duplicate USA (first on line 3)"),
    (MATRIX.replace("IND,3.9,6.5,6600", "IND,3.9,6.5"), "M.csv line 6: 3 cells, expected 4"),
    (MATRIX.replace("iso3,", "country,"), "M.csv line 1, column 1: the header must start with iso3"),
    (MATRIX.replace("7400", "inf"), "M.csv line 3, column distance: not a finite number"),
    ("iso3,gdp\ntype,benefit\n", "M.csv: no alternatives after the type row"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BAD_MATRICES)
def test_malformed_matrices_fail_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, "M.csv", text)
    status, out, err = run(capsys, "rank", "--json", "--matrix", path)
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    assert err.replace(str(tmp_path) + "/", "").startswith(f"error: {message}")


BAD_WEIGHTS = [
    ('{"gdp": 1,}', "W.json line 1, column 11: invalid JSON"),
    ('{"gdp": "high"}', "W.json key gdp: must be a number, got 'high'"),
    ('{"weights": {"gdp": -1}}', "W.json weights.gdp: must be a number >= 0"),
    ('{"weights": {"area": 1}}', "W.json area: not a criterion of"),
    ('[1, 2]', "W.json: expected an object"),
    ('{"ahp": {"criteria": ["gdp", "growth"], "partners": {"FR": [[1, 3], [3, 1]]}}}',
     "W.json ahp.partners.FR row 2, column 1: 3.0 is not the reciprocal of row 1, column 2"),
    ('{"ahp": {"criteria": ["gdp", "growth"], "partners": {"FR": [[1, "x"], [1, 1]]}}}',
     "W.json ahp.partners.FR row 1, column 2: expected a number or a fraction"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BAD_WEIGHTS)
def test_malformed_weights_fail_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    matrix = write(tmp_path, "M.csv", MATRIX)
    weights = write(tmp_path, "W.json", text)
    status, out, err = run(capsys, "rank", "--json", "--matrix", matrix, "--weights", weights)
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.replace(str(tmp_path) + "/", "").startswith(f"error: {message}")


@pytest.mark.parametrize(
    ("argv", "message", "code"),
    [
        (["rank", "--top", "x"], "error: argument --top: invalid int value: 'x'", 2),
        (["rank", "--top", "0"], "error: argument --top: must be at least 1", 2),
        (["rank", "--method", "ahp"], "error: argument --method: invalid choice", 2),
        (["rank", "--window", "2015"], "error: argument --window: expected FIRST-LAST", 2),
        (["rank", "--partners", "US"], "error: partner 'US': not an EU27 country code", 1),
        (["rank", "--matrix", "nowhere.csv"], "error: nowhere.csv: no such file", 1),
        (["rank", "--matrix", "M.csv", "--outside-europe"],
         "error: argument --outside-europe: applies to the shipped indicators", 2),
        (["rank", "--weights", "W.json"], "error: W.json distance: needs the partners", 1),
        (["frobnicate"], "error: argument command: invalid choice", 2),
    ],
)  # fmt: skip
def test_bad_command_lines_fail_with_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
    code: int,
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "M.csv", MATRIX)
    write(tmp_path, "W.json", '{"gdp": 1, "distance": 1}')
    status, out, err = run(capsys, *argv)
    assert status == code
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(message), err
