"""Checks that imports follow Depot's layers: node <- wallet, explorer <- app, and a pure node/core."""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("node", "wallet", "explorer", "app")

QT = {"PySide6", "shiboken6", "qasync"}

# Top-level modules each layer must not import (its own package prefix -> forbidden roots).
FORBIDDEN: dict[str, set[str]] = {
    "node": {"app", "wallet", "explorer"} | QT,
    "wallet": {"app", "explorer"} | QT,
    "explorer": {"app", "wallet"} | QT,
    "app": set(),
}

# The pure core: no I/O, no clock, no concurrency; time arrives as an argument.
CORE = "node.core"
CORE_FORBIDDEN = {
    "sqlalchemy", "alembic", "psycopg", "psycopg2", "httpx", "httptools", "fastapi", "starlette",
    "uvicorn", "uvloop", "asyncio", "time", "threading", "socket", "selectors", "subprocess",
    "multiprocessing", "concurrent", "urllib.request", "keyring",
    # node's own I/O adapters
    "node.storage", "node.api",
}  # fmt: skip
# Clock reads spelled through datetime (`datetime.now()`, `date.today()`, ...).
CLOCK_CALLS = {"now", "utcnow", "today", "fromtimestamp", "utcfromtimestamp"}
CLOCK_OWNERS = {"datetime", "date"}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    statement: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: `{self.statement}` — {self.rule}"


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """Absolute names an import statement (or a literal import_module/__import__ call) brings in."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = [node.module] if node.module else []
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            # Past the top package resolves against the repository root (`from .. import wallet`).
            base = package[: max(len(package) - (node.level - 1), 0)] + base
        # `from pkg import sub` may import a submodule: check both pkg and pkg.sub.
        names = [".".join(base)] if base else []
        return names + [".".join([*base, alias.name]) for alias in node.names if alias.name != "*"]
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
            return [node.args[0].value]
    return []


def _matches(name: str, forbidden: set[str]) -> str | None:
    for bad in forbidden:
        if name == bad or name.startswith(bad + "."):
            return bad
    return None


def _clock_call(node: ast.AST) -> bool:
    """datetime.now(), datetime.datetime.utcnow(), date.today(), ..."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    if node.func.attr not in CLOCK_CALLS:
        return False
    owner = node.func.value
    owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
    return owner_name in CLOCK_OWNERS


def _check_file(root: Path, layer: str, path: Path) -> list[Violation]:
    rel = path.relative_to(root).as_posix()
    module = _module_name(root, path)
    source = path.read_text(encoding="utf-8")
    try:
        tree = ast.parse(source, filename=rel)
    except SyntaxError as exc:
        return [Violation(rel, exc.lineno or 0, "<parse>", f"syntax error: {exc.msg}")]
    in_core = module == CORE or module.startswith(CORE + ".")
    found: list[Violation] = []

    def report(node: ast.AST, rule: str) -> None:
        segment = ast.get_source_segment(source, node) or type(node).__name__
        found.append(Violation(rel, getattr(node, "lineno", 0), " ".join(segment.split()), rule))

    for node in ast.walk(tree):
        for name in _imported_modules(node, module, path.name == "__init__.py"):
            if bad := _matches(name, FORBIDDEN[layer]):
                if bad in QT:
                    report(node, f"only app may import {bad}")
                else:
                    rule = f"{layer} must not import {bad}: layers point node <- wallet, explorer <- app"
                    report(node, rule)
            elif in_core and (bad := _matches(name, CORE_FORBIDDEN)):
                report(node, f"node/core is pure: no {bad} (I/O, clock, concurrency or adapters)")
        if in_core and _clock_call(node):
            report(node, "node/core is pure: time is passed in, never read")
    return found


def check_layers(root: Path) -> tuple[list[Violation], int]:
    """All layer violations in the packages under `root`, and how many files were read."""
    violations: list[Violation] = []
    files = 0
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            files += 1
            violations += _check_file(root, layer, path)
    # One statement can name a forbidden module twice (`from app import ui`): report it once.
    return sorted(set(violations), key=lambda v: (v.path, v.line, v.rule)), files


def test_layers_of_the_repository() -> None:
    violations, files = check_layers(REPO_ROOT)
    assert files > 0, f"no .py file found under {', '.join(LAYERS)} in {REPO_ROOT}"
    assert not violations, "imports that break Depot's layers:\n" + "\n".join(map(str, violations))


def test_checker_catches_synthetic_violations(tmp_path: Path) -> None:
    def write(rel: str, text: str) -> None:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")

    for pkg in ("node", "node/core", "node/storage", "wallet", "explorer", "app"):
        write(f"{pkg}/__init__.py", "")
    write(
        "node/core/clean.py",
        "from dataclasses import dataclass\nfrom . import hashing\nimport datetime\n",
    )
    write("node/core/clocky.py", "import time\nfrom datetime import datetime\nx = datetime.now()\n")
    write(
        "node/core/io.py",
        "from sqlalchemy.orm import Session\nimport asyncio.tasks\nfrom ..storage import db\n",
    )
    write("node/storage/db.py", "import sqlalchemy\nimport asyncio\nfrom ..core import clean\n")
    write("node/up.py", "from app import ui\n")
    write("node/rel.py", "from .. import wallet\n")
    write("wallet/w.py", "import node.core\nfrom node.storage import db\nimport explorer.views\n")
    write(
        "explorer/e.py",
        "from PySide6.QtWidgets import QWidget\nimport importlib\nm = importlib.import_module('app.main')\n",
    )
    write(
        "app/ui.py", "from PySide6 import QtWidgets\nimport qasync\nimport wallet, explorer, node\n"
    )

    violations, files = check_layers(tmp_path)
    found = {(v.path, v.line) for v in violations}
    assert files == 15
    assert found == {
        ("node/core/clocky.py", 1),  # import time
        ("node/core/clocky.py", 3),  # datetime.now()
        ("node/core/io.py", 1),  # sqlalchemy
        ("node/core/io.py", 2),  # asyncio.tasks
        ("node/core/io.py", 3),  # an adapter, through a relative import
        ("node/up.py", 1),  # node -> app
        ("node/rel.py", 1),  # node -> wallet through a relative import
        ("wallet/w.py", 3),  # wallet -> explorer
        ("explorer/e.py", 1),  # Qt outside app
        ("explorer/e.py", 3),  # explorer -> app via import_module
    }, "\n".join(map(str, violations))
    message = "\n".join(map(str, violations))
    assert "node/up.py:1: `from app import ui`" in message
    assert "only app may import PySide6" in message


def test_checker_reports_unparsable_files(tmp_path: Path) -> None:
    (tmp_path / "node").mkdir()
    (tmp_path / "node" / "broken.py").write_text("def f(:\n", encoding="utf-8")
    violations, _ = check_layers(tmp_path)
    assert [(v.path, v.line) for v in violations] == [("node/broken.py", 1)]
