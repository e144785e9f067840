"""A dataset's files: the rows as CSV and JSON, its data dictionary as CSV and as a Table Schema (JSON)."""
import csv
import io

from .datasets import Dataset


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def rows_csv(dataset: Dataset, rows: list[dict]) -> str:
    """UTF-8 CSV, comma-separated, a header row with the dictionary's names; empty cell = no value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [f.name for f in dataset.fields]
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in names])
    return out.getvalue()


def dictionary(dataset: Dataset) -> dict:
    """The data dictionary as a Frictionless Table Schema."""
    return {"fields": [{"name": f.name, "type": f.type, "description": str(f.description)} for f in dataset.fields],
            "primaryKey": "id", "missingValues": [""]}


def dictionary_csv(dataset: Dataset) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["campo", "tipo", "descripcion"])
    for f in dataset.fields:
        writer.writerow([f.name, f.type, str(f.description)])
    return out.getvalue()
