"""Fixtures for the real services the suite uses, storage URLs for both databases, and artifacts.

The services are started by `scripts/test-services.sh` (run by `make test`), which exports one
DEPOT_TEST_* variable per service. A fixture whose variable is missing skips its test with the
reason on a developer machine, and fails it when CI=true: in CI a missing service is a failure.
"""

from __future__ import annotations

import os

# Before anything imports Qt: widgets render offscreen unless the caller chose a platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent

# variable -> what it provides (also listed in the pytest header)
SERVICE_VARS = {
    "DEPOT_TEST_PG_URL": "PostgreSQL",
    "DEPOT_TEST_XVFB_DISPLAY": "Xvfb",
    "DEPOT_TEST_MQTT_URL": "Mosquitto",
    "DEPOT_TEST_PKCS11_MODULE": "SoftHSM2",
    "DEPOT_TEST_KEYRING": "gnome-keyring",
}

# Per-test databases carry this prefix; scripts/test-services.sh drops leftovers at start.
PG_TEST_DB_PREFIX = "depot_t_"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def service_missing(reason: str) -> None:
    """Skip the current test, or fail it under CI=true, because a real part is unavailable."""
    if in_ci():
        pytest.fail(
            f"{reason} [CI=true: a missing service is a failure, not a skip]", pytrace=False
        )
    pytest.skip(reason)


def require_service(var: str) -> str:
    value = os.environ.get(var, "").strip()
    if not value:
        service_missing(
            f"{SERVICE_VARS[var]} unavailable: {var} is not set "
            f"(`make test` starts it; see scripts/test-services.sh)"
        )
    return value


def pytest_report_header(config: pytest.Config) -> list[str]:
    parts = [f"{name}={os.environ.get(var) or 'missing'}" for var, name in SERVICE_VARS.items()]
    return [f"depot services (CI={'true' if in_ci() else 'false'}): " + ", ".join(parts)]


# --- PostgreSQL -----------------------------------------------------------------------------


def _libpq_url(sqlalchemy_url: str, database: str | None = None) -> str:
    """postgresql+psycopg://... (SQLAlchemy) -> postgresql://... (libpq), optionally another db."""
    from sqlalchemy.engine import make_url

    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_url() -> str:
    """SQLAlchemy URL of the shared `depot_test` database (a superuser account on the server).

    Tests that create tables should use `storage_url` or `fresh_pg_url` instead: xdist workers
    share this database.
    """
    url = require_service("DEPOT_TEST_PG_URL")
    import psycopg

    try:
        psycopg.connect(_libpq_url(url), connect_timeout=10).close()
    except psycopg.Error as exc:
        service_missing(f"PostgreSQL at DEPOT_TEST_PG_URL does not answer: {exc}")
    return url


@contextmanager
def _fresh_pg_database(server_url: str) -> Iterator[str]:
    """Create a uniquely named database on the server of `server_url`; drop it afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"{PG_TEST_DB_PREFIX}{uuid.uuid4().hex[:16]}"
    with psycopg.connect(_libpq_url(server_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq_url(server_url), autocommit=True) as admin:
            # FORCE: a test that forgot to dispose its engine must not keep the database alive.
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_pg_url(pg_url: str) -> Iterator[str]:
    """SQLAlchemy URL of an empty PostgreSQL database made for this test alone."""
    with _fresh_pg_database(pg_url) as url:
        yield url


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, once as a SQLite file and once on PostgreSQL: the same test runs on both."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'depot.sqlite3'}"
        return
    with _fresh_pg_database(request.getfixturevalue("pg_url")) as url:
        yield url


# --- Other real parts -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def xvfb_display() -> str:
    """X display (":N") of a private Xvfb, for screenshot tests that run the app with QT_QPA_PLATFORM=xcb."""
    return require_service("DEPOT_TEST_XVFB_DISPLAY")


@pytest.fixture(scope="session")
def mqtt_url() -> str:
    """mqtt://127.0.0.1:PORT of a private Mosquitto broker (anonymous, no persistence)."""
    return require_service("DEPOT_TEST_MQTT_URL")


@pytest.fixture(scope="session")
def pkcs11_module() -> str:
    """Path of SoftHSM2's PKCS#11 module; tests point SOFTHSM2_CONF at a token dir of their own."""
    return require_service("DEPOT_TEST_PKCS11_MODULE")


@pytest.fixture(scope="session")
def os_keyring() -> str:
    """Name of the OS keyring available to this run ("secret-service": an unlocked gnome-keyring
    on a private D-Bus session, so tests never touch a developer's own keyring)."""
    return require_service("DEPOT_TEST_KEYRING")


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """artifacts/ in the repository (gitignored), for screenshots and other files to look at."""
    path = REPO_ROOT / "artifacts"
    path.mkdir(exist_ok=True)
    return path


# --- the app's qasync loop, shared by every Qt test of a worker -------------------------------


@pytest.fixture(scope="session")
def _qasync_loop(qapp):  # type: ignore[no-untyped-def]
    """One qasync loop for the whole session (creating and closing one per test crashes Qt:
    notifiers and timers of a closed loop outlive it).

    It is registered as the thread's running loop only while a test that asks for it runs
    (``gui_loop``): left registered, every later ``asyncio.run`` on this xdist worker would fail
    with "cannot be called from a running event loop".
    """
    import asyncio

    from app.gui import make_event_loop

    loop = make_event_loop(qapp, already_running=True)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)
    yield loop
    # Not loop.stop(): it calls QApplication.exit(), which with no exec() running makes
    # every later Qt wait return at once. Mark the loop stopped by hand instead.
    loop._QEventLoop__is_running = False
    loop.close()


@pytest.fixture
def gui_loop(qapp, _qasync_loop):  # type: ignore[no-untyped-def]
    """The app's asyncio loop (qasync) on the GUI thread, running for this test, driven by qtbot's waits.

    Tasks the test leaves behind are cancelled (and allowed to finish) when it ends; then the loop
    stops being this thread's running loop.
    """
    import asyncio
    import time

    loop = _qasync_loop
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    before = set(asyncio.all_tasks(loop))
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) - before if not t.done()]
        for task in pending:
            task.cancel()
        deadline = time.monotonic() + 5
        while any(not t.done() for t in pending) and time.monotonic() < deadline:
            qapp.processEvents()
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)


@pytest.fixture(autouse=True)
def _no_running_loop_left_behind() -> Iterator[None]:
    """A test that leaves an asyncio loop registered as running breaks every later ``asyncio.run``
    on its worker; fail that test, not the innocent ones after it."""
    yield
    import asyncio

    leaked = asyncio.events._get_running_loop()
    if leaked is not None:
        asyncio.events._set_running_loop(None)
        pytest.fail(f"the test left {leaked!r} registered as this thread's running loop")


@pytest.fixture(autouse=True)
def _qt_tests_run_on_the_app_loop(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every Qt test runs with the app's qasync loop as the running loop, as the app does.

    Widgets of earlier tests may still own timers whose slots start tasks; when Qt runs
    them during a later Qt test, they must find the loop.  Tests without Qt never see it.
    """
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        request.getfixturevalue("gui_loop")
    yield
