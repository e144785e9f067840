"""A readable page of the API (/api/v1/docs), generated from the same OpenAPI document the machines read."""
import json

from flask import render_template

from .openapi import openapi_document

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


def _example(content: dict | None, document: dict):
    """The example of a request/response body, from the media type or its referenced schema."""
    if not content:
        return None
    media = content.get("application/json") or {}
    example = media.get("example")
    if example is None:
        ref = (media.get("schema") or {}).get("$ref", "")
        example = document["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}).get("example")
    return None if example is None else json.dumps(example, ensure_ascii=False, indent=2)


def operations(document: dict) -> list[dict]:
    found = []
    for path, methods in document["paths"].items():
        for method in sorted(methods, key=lambda m: METHOD_ORDER.index(m) if m in METHOD_ORDER else 99):
            operation = methods[method]
            body = operation.get("requestBody")
            found.append({
                "id": operation.get("operationId") or f"{method}-{path}",
                "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "needs_token": {"bearerAuth": []} in operation.get("security", []) and {} not in operation.get(
                    "security", []),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "description": p.get("description", ""),
                                "type": _type_label(p.get("schema", {}))}
                               for p in operation.get("parameters", [])],
                "request_example": _example(body.get("content") if body else None, document),
                "responses": [{"status": status, "description": response.get("description", ""),
                               "example": _example(response.get("content"), document) if status < "300" else None}
                              for status, response in sorted(operation.get("responses", {}).items())],
            })
    return found


def _type_label(schema: dict) -> str:
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"] if value != "")
    formats = [option["format"] for option in schema.get("anyOf", []) if "format" in option]
    label = schema.get("format") or (formats[0] if formats else schema.get("type", ""))
    if "minimum" in schema and "maximum" in schema:
        label += f" ({schema['minimum']}–{schema['maximum']})"
    return str(label)


def docs():
    document = openapi_document()
    return render_template("api/docs.html", operations=operations(document),
                           server=document["servers"][0]["url"])


def register(bp) -> None:
    bp.add_url_rule("/api/v1/docs", endpoint="docs", view_func=docs, methods=["GET"])
