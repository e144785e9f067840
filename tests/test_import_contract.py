"""The areas' allowed imports (docs/architecture.md), read from the source, so a wrong arrow fails here.

- catalog ← accounts ← events ← registration ← attendance: each area may use the ones before it;
- outbox is below every area: any area may use it, it uses none;
- feeds read events and registration; notifications sit above registration and attendance; reports above
  attendance; api above the services;
- no area imports another area's views (blueprints, pages); every area's views may use accounts.access (who
  may see a page);
- an import of another area inside a function is allowed only with a comment on its line saying why.
Shared modules at the top of the package (domain, domain_events, extensions, timeutil, urls, ...) are below
every area and import none.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "agenda"

BELOW_EVERYTHING = {"outbox"}
ALLOWED: dict[str, set[str]] = {
    "outbox": set(),
    "catalog": set(),
    "accounts": {"catalog"},
    "events": {"catalog", "accounts"},
    "registration": {"catalog", "accounts", "events"},
    "attendance": {"catalog", "accounts", "events", "registration"},
    "feeds": {"catalog", "accounts", "events", "registration"},
    "notifications": {"catalog", "accounts", "events", "registration", "attendance"},
    "reports": {"catalog", "accounts", "events", "registration", "attendance"},
    "materials": {"catalog", "accounts", "events", "registration", "attendance"},
    "evaluations": {"catalog", "accounts", "events", "registration", "attendance", "reports", "materials"},
    "site": {"catalog", "accounts", "events"},
    "api": {"catalog", "accounts", "events", "registration", "attendance", "feeds", "notifications", "reports"},
    "embed": {"catalog", "accounts", "events", "registration"},
    "opendata": {"catalog", "accounts", "events", "registration", "attendance", "reports", "api"},
    # The audit log hears every fact and reads accounts and events to show its entries.
    "audit": {"catalog", "accounts", "events", "registration", "attendance", "feeds", "notifications", "reports"},
    # Webhooks hear the services' facts and send them in the API's shapes.
    "webhooks": {"catalog", "accounts", "events", "registration", "attendance", "feeds", "notifications", "reports",
                 "api"},
}
# Who may see a page: every area's views may use the accounts area's access decorators.
VIEWS_MAY_USE = {"agenda.accounts.access"}
# Modules at the top of the package that wire the areas together rather than sit below them.
WIRING = {"__init__", "cli"}


def is_views(module: str) -> bool:
    """An area's pages and blueprints: views.py, views_*.py, *_views.py, blueprint.py."""
    name = module.rsplit(".", 1)[-1]
    return name in ("views", "blueprint") or name.startswith("views_") or name.endswith("_views")


def area_of(module: str) -> str | None:
    """'agenda.registration.services' -> 'registration'; a top-level shared module -> None."""
    parts = module.split(".")
    if len(parts) >= 3 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()):
        return parts[1]
    return None


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(current: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """Absolute names of what `from X import a, b` brings (a submodule or a name in X)."""
    if node.level:
        base = current.split(".") if is_package else current.split(".")[:-1]
        base = base[:len(base) - node.level + 1]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    return [f"{prefix}.{alias.name}" if (PACKAGE.parent / f"{prefix}.{alias.name}".replace(".", "/")).exists()
            or (PACKAGE.parent / (f"{prefix}.{alias.name}".replace(".", "/") + ".py")).exists() else prefix
            for alias in node.names]


def imports_of(path: Path):
    """(line number, imported module, inside a function?, the source line) for every import in the file."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    current, is_package = module_name(path), path.name == "__init__.py"
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    nested = {id(inner) for function in functions for inner in ast.walk(function)
              if isinstance(inner, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            targets = resolve(current, is_package, node)
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            if target == "agenda" or target.startswith("agenda."):
                yield node.lineno, target, id(node) in nested, lines[node.lineno - 1]


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts or "translations" in path.parts:
            continue
        current = module_name(path)
        source_area = area_of(current)
        top_name = current.split(".")[-1] if source_area is None else None
        for line, target, in_function, text in imports_of(path):
            target_area = area_of(target)
            where = f"{path.relative_to(package.parent)}:{line}"
            if target_area is None or target_area == source_area:
                continue
            if source_area is None:
                if top_name not in WIRING:
                    found.append(f"{where}: shared module {current} imports the area {target_area}")
                continue
            if source_area not in ALLOWED:
                found.append(f"{where}: area {source_area} has no place in the contract (tests/{Path(__file__).name})")
                continue
            if is_views(current) and target in VIEWS_MAY_USE:
                continue
            if target_area not in ALLOWED[source_area] | BELOW_EVERYTHING:
                found.append(f"{where}: {source_area} may not import {target_area} ({target})")
            if is_views(target):
                found.append(f"{where}: {source_area} imports another area's views ({target})")
            if in_function and "#" not in text:
                found.append(f"{where}: import of {target_area} inside a function without a comment saying why")
    return found


def test_every_import_follows_the_contract():
    assert violations() == []


def test_the_contract_catches_a_wrong_arrow(tmp_path):
    """A deliberate bad import in a copy of two areas: outbox importing registration, and a hidden one."""
    fake = tmp_path / "agenda"
    for area in ("outbox", "registration", "events"):
        (fake / area).mkdir(parents=True)
        (fake / area / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "registration" / "services.py").write_text("X = 1\n")
    (fake / "events" / "views.py").write_text("bp = None\n")
    (fake / "outbox" / "services.py").write_text("from ..registration.services import X\n")
    (fake / "events" / "services.py").write_text("def f():\n    from ..registration import services\n")
    (fake / "registration" / "mails.py").write_text("from ..events.views import bp\n")
    global PACKAGE
    real, PACKAGE = PACKAGE, fake
    try:
        found = violations(fake)
    finally:
        PACKAGE = real
    assert any("outbox may not import registration" in item for item in found), found
    assert any("events may not import registration" in item for item in found), found
    assert any("inside a function without a comment" in item for item in found), found
    assert any("imports another area's views" in item for item in found), found


@pytest.mark.parametrize("module, area", [("agenda.registration.services", "registration"),
                                          ("agenda.domain_events", None), ("agenda.outbox", "outbox")])
def test_area_of(module, area):
    assert area_of(module) == area
