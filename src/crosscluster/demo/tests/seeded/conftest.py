"""The whole demo, loaded once for the test modules of this folder.

The package fixture loads it inside a transaction that is rolled back after the folder's last
test, so the other test modules keep their demo-free database; each test runs in a savepoint of
it (``db``), so what one test changes is gone for the next. Under pytest-xdist each worker that
runs tests of this folder loads it once (a worker takes its tests in collection order, so it
never comes back to the folder after leaving it).
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from crosscluster.demo import accounts
from crosscluster.demo.tests.seeded import FAST_HASHER, TODAY


@pytest.fixture(scope="package")
def loaded(django_db_setup: None, django_db_blocker) -> Iterator[dict[str, object]]:  # type: ignore[no-untyped-def]
    """``seed_demo --today TODAY --with-demo-users``: its output and the seconds it took."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, DEBUG=True),
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        # The tests expect the documented default password, whatever the shell exports.
        patch.delenv(accounts.PASSWORD_VARIABLE, raising=False)
        out = io.StringIO()
        started = time.perf_counter()
        call_command("seed_demo", "--today", TODAY.isoformat(), "--with-demo-users", stdout=out)
        seconds = time.perf_counter() - started
        print(f"\nfull demo load on the test database: {seconds:.1f} s")
        yield {"output": out.getvalue(), "seconds": seconds}
        transaction.set_rollback(True)
