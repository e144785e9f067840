"""Where templates, static files and migrations live, from a source checkout or an installed wheel."""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> str:
    """Return the folder `name`: inside the installed package, or at the top of a source checkout."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return str(candidate)
    raise RuntimeError(f"Folder {name!r} not found next to the agenda package")
