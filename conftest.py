"""Shared test set-up: the cast of users and the demo-free database.

Permission tests read like sentences: ``coordinator`` coordinates ``partnership``;
``cluster_manager`` manages ``cluster`` (a partner); ``sme_member`` works for ``sme``,
a member of ``cluster``; ``outsider`` works for ``other_sme``, which belongs to nobody.
"""

import pytest

pytest_plugins = ["tests.cast"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    """Rate limits (API throttles, allauth's) count in the cache: in the tests' in-memory cache
    each test starts with none counted (ids and the client's address repeat across tests)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _english_afterwards():  # type: ignore[no-untyped-def]
    """A request in another language (``/de/...``) leaves that language active in the thread:
    the next test, rendering a document outside a request, would read German."""
    yield
    from django.utils import translation

    translation.activate("en")



@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_keepdb, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """On SQLite the tests' database is a file opened with the production options (WAL, busy
    timeout), not Django's default in-memory shared-cache database. There, any connection besides
    the one the live server shares with the test's thread fails at once on the others' table locks
    ("database table is locked"), and such connections exist: the live server's request threads
    open their own when it starts before the database is set up, and the test's thread gets a new
    one once Playwright has started (its sync API marks an event loop as running, and Django then
    keeps that thread's connections apart). A file's locks are waited out (busy timeout).

    The file is in the session's temporary directory (pytest keeps the last three), so runs side
    by side in one checkout, or a killed run's ``-wal`` log, never meet; with ``--reuse-db`` it is
    beside the configured database. pytest-xdist's suffix (``_gw0``) is added after."""
    from pathlib import Path

    from django.conf import settings

    for database in settings.DATABASES.values():
        name, test = str(database["NAME"]), database.setdefault("TEST", {})
        sqlite = database["ENGINE"] == "django.db.backends.sqlite3"
        if sqlite and name != ":memory:" and not test.get("NAME"):
            folder = Path(name).parent if django_db_keepdb else tmp_path_factory.mktemp("db")
            test["NAME"] = str(folder / f"test_{Path(name).name}")
    request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete_on_postgresql():  # type: ignore[no-untyped-def]
    """After each transactional test (the browser journeys' live server, the workers' tests)
    Django empties every table. On PostgreSQL it does so with one ``TRUNCATE`` of all 112
    tables, which gives each table and index a new file and syncs them: 3 to 4 s a test
    whatever the tables held. ``DELETE`` of the few rows a test wrote takes milliseconds, and
    leaves the tables as empty (the foreign keys are deferred to the commit, so the order does
    not matter; the search index's delete trigger empties its table as the truncate trigger
    did). Flushes that reset sequences or cascade keep Django's ``TRUNCATE``."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):  # type: ignore[no-untyped-def]
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(table)};" for table in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield
