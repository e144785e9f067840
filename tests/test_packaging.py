"""The wheel must carry every area and the top-level templates, static files and migrations."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_area_package_is_listed_for_the_wheel():
    on_disk = {"agenda"} | {f"agenda.{p.parent.name}" for p in (ROOT / "agenda").glob("*/__init__.py")}
    assert on_disk <= set(_setuptools()["packages"])


def test_templates_static_and_migrations_are_mapped_into_the_package():
    mapping = _setuptools()["package-dir"]
    for name in ("templates", "static", "migrations"):
        assert mapping[f"agenda.{name}"] == name
        assert f"agenda.{name}" in _setuptools()["packages"]
        assert (ROOT / name).is_dir()
