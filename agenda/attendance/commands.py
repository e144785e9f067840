"""Attendance has no commands of its own; importing this registers its demo loader with `flask demo`."""
from flask import Flask

from . import demo  # noqa: F401  (registers load_demo_attendance)


def register(app: Flask) -> None:
    """Nothing to add to the CLI."""
