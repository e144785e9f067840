"""Evaluations have no commands of their own; registering imports their demo loader for `flask demo`."""
from flask import Flask


def register(app: Flask) -> None:
    """Nothing to add to the CLI; importing the demo here (not at module import) keeps the demo loaders in
    area order, after the events', registrations' and attendance's."""
    from . import demo  # noqa: F401  (registers load_demo_evaluations)
