"""The matching pipeline's place: services -> tasks -> jobs -> queries/adapters/models."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent.parent


def _imports(module: str) -> set[str]:
    """What a module imports; for a package (``queries/``), what any of its modules imports."""
    package = HERE / module
    paths = sorted(package.glob("*.py")) if package.is_dir() else [HERE / f"{module}.py"]
    found: set[str] = set()
    for node in (n for path in paths for n in ast.walk(ast.parse(path.read_text("utf-8")))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("module", ["queries", "adapters", "vector_search"])
def test_the_read_side_imports_no_task_or_pipeline_module(module: str) -> None:
    imported = _imports(module)
    assert not {
        name
        for name in imported
        if name.startswith(("crosscluster.marketplace.tasks", "crosscluster.marketplace.jobs"))
    }


def test_tasks_only_define_tasks_and_call_the_pipeline() -> None:
    tree = ast.parse((HERE / "tasks.py").read_text(encoding="utf-8"))
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert functions
    assert all(
        any(
            isinstance(d, ast.Call) and getattr(d.func, "id", "") == "task"
            for d in f.decorator_list
        )
        for f in functions
    )
    assert "crosscluster.marketplace.jobs" in _imports("tasks")
