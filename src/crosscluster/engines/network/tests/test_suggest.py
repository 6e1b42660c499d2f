from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from crosscluster.cli import main as crosscluster_main
from crosscluster.engines.network.model import Participation
from crosscluster.engines.network.suggest import (
    BETA,
    graph_from_participations,
    rank_candidates,
    suggest_partners,
)


def projects(*groups: str) -> list[Participation]:
    """``"P1:a,b,c"`` -> a, b and c took part in project P1 (year 2016)."""
    rows = []
    for group in groups:
        project, members = group.split(":")
        rows += [Participation(project, member, 2016) for member in members.split(",")]
    return rows


def test_a_project_of_n_adds_one_over_n_minus_one_to_each_pair() -> None:
    graph = graph_from_participations(projects("P1:a,b,c", "P2:a,b"))
    index = graph.index
    assert graph.weights[index["a"], index["b"]] == pytest.approx(0.5 + 1.0)
    assert graph.weights[index["a"], index["c"]] == pytest.approx(0.5)
    assert graph.weights[index["a"], index["a"]] == 0


def test_adamic_adar_agrees_with_networkx() -> None:
    rows = projects("P1:a,b", "P2:b,c", "P3:c,d", "P4:b,d", "P5:a,e", "P6:e,d", "P7:d,f")
    graph = graph_from_participations(rows)
    reference = nx.Graph()
    reference.add_edges_from(
        (r.organisation_id, s.organisation_id)
        for r in rows
        for s in rows
        if r.project_id == s.project_id and r.organisation_id < s.organisation_id
    )
    ranked = dict(rank_candidates(graph, [graph.index["a"]], top=10, method="adamic-adar"))
    ours = {graph.ids[c]: s for c, s in ranked[graph.index["a"]]}
    expected = {
        v: p for _, v, p in nx.adamic_adar_index(reference, [("a", v) for v in "cdf"]) if p > 0
    }
    assert ours == pytest.approx(expected)


def test_structural_score_by_hand() -> None:
    # a - b - c and a - e - c: c is two steps from a through b and e; d hangs off c
    graph = graph_from_participations(projects("P1:a,b", "P2:b,c", "P3:a,e", "P4:e,c", "P5:c,d"))
    ranked = dict(rank_candidates(graph, [graph.index["a"]], top=5))[graph.index["a"]]
    scores = {graph.ids[c]: s for c, s in ranked}
    log2 = math.log(2)
    # c: common partners b and e (degree 2 each); 3-step paths a-b-c-... do not reach c again
    two_c = 2 / log2
    three_c = 0.0  # paths a-w-x-c with x a neighbour of c: via b: b's neighbours a, c -> none
    assert scores["c"] == pytest.approx((two_c + BETA * three_c) * math.log(1 + 3))
    # d: no common partner; paths a-b-c-d and a-e-c-d, each 1/log2 * 1/log3
    three_d = 2 * (1 / log2) * (1 / math.log(3))
    assert scores["d"] == pytest.approx(BETA * three_d * math.log(1 + 1))
    assert [graph.ids[c] for c, _ in ranked] == ["c", "d"]


def test_suggestions_name_the_shared_partners_and_skip_existing_ties() -> None:
    graph = graph_from_participations(projects("P1:a,b", "P2:b,c", "P3:a,e", "P4:e,c", "P5:c,d"))
    (result,) = suggest_partners(graph, ["a"], top=3, labels={"b": "Beta GmbH"})
    ids = [s.organisation_id for s in result.suggestions]
    assert "b" not in ids
    assert "e" not in ids
    assert "a" not in ids
    assert result.suggestions[0].reasons[0] == "has worked with 2 of your partners: Beta GmbH, e"
    assert "structural hole" in result.suggestions[0].reasons[1]
    assert suggest_partners(graph, ["unknown"], top=3)[0].suggestions == ()


def write_projects(path: Path) -> Path:
    path.write_text(
        "project_id,start_date,organisation_id,country,activity_type\n"
        "P1,2016-01-01,a,DE,PRC\nP1,2016-01-01,b,IT,REC\n"
        "P2,2017-03-01,b,IT,REC\nP2,2017-03-01,c,SE,HES\n"
        "P3,2019-01-01,a,DE,PRC\nP3,2019-01-01,z,FR,PRC\n",
        encoding="utf-8",
    )
    return path


def test_cli_prints_one_json_line_per_active_organisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_projects(tmp_path / "P.csv")
    assert (
        crosscluster_main(
            ["network", "suggest", "--projects", str(path), "--until", "2017", "--top", "2"]
        )
        == 0
    )
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["organisation_id"] for line in lines] == ["a", "b", "c"]  # z starts in 2019
    assert lines[0]["suggestions"][0]["organisation_id"] == "c"
    assert lines[0]["suggestions"][0]["reasons"][0].startswith("has worked with 1 of your partner")
    assert lines[1]["suggestions"] == []


def test_cli_names_the_bad_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "P.csv"
    path.write_text("project_id,start_date,organisation_id\nP1,soon,a\n", encoding="utf-8")
    assert (
        crosscluster_main(["network", "suggest", "--projects", str(path), "--until", "2017"]) == 1
    )
    assert "line 2, column start_date: not a date" in capsys.readouterr().err
    path.write_text("project,start_date\n", encoding="utf-8")
    assert (
        crosscluster_main(["network", "suggest", "--projects", str(path), "--until", "2017"]) == 1
    )
    assert "missing column(s) project_id, organisation_id" in capsys.readouterr().err


def test_console_script_runs_without_a_database(tmp_path: Path) -> None:
    path = write_projects(tmp_path / "P.csv")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "crosscluster.cli",
            "network",
            "suggest",
            "--projects",
            str(path),
            "--until",
            "2020",
            "--top",
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "DJANGO_SETTINGS_MODULE": "none.such"},
    )
    assert len(done.stdout.splitlines()) == 4
