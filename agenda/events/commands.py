"""Events area start-up hook (create_app calls `register` for each area that has a commands.py)."""
from flask import Flask


def register(app: Flask) -> None:
    from . import demo  # noqa: F401  (importing it registers the demo agenda with `flask --app agenda demo`)
