"""The docs say what the code does: checks that fail when they drift apart."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "crosscluster"


def test_the_readme_lists_every_environment_variable_the_code_reads() -> None:
    read = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        read |= set(re.findall(r"\b(CROSSCLUSTER_[A-Z_]+)\b", path.read_text(encoding="utf-8")))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `(CROSSCLUSTER_[A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert read - table == set(), "add these to the README's configuration table"
    assert table - read == set(), "the README lists variables the code no longer reads"


def test_the_architecture_diagram_is_current() -> None:
    from tests.architecture import diagram

    assert diagram.current() == diagram.render(), "run `make architecture` and commit the doc"


def test_the_multiprocess_check_signs_in_as_the_demo_coordinator() -> None:
    from crosscluster.demo.accounts import COORDINATOR
    from tests.multiprocess.check import COORDINATOR_EMAIL

    assert COORDINATOR.email == COORDINATOR_EMAIL


def test_the_readme_leads_to_every_doc() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docs = ROOT / "docs"
    pages = [p for p in docs.rglob("*.md") if "adr" not in p.relative_to(docs).parts]
    missing = [str(p.relative_to(ROOT)) for p in pages if str(p.relative_to(ROOT)) not in readme]
    assert missing == [], "link these from the README's 'Where to read next'"
