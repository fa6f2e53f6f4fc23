"""JSON Schema of each kind of content file, for editors (Taplo / Even Better TOML) and CI."""

from __future__ import annotations

import json
from typing import Any

from ..model.checked import model_of
from ..model.content import Scenario, Theatre
from ..model.orders import OrdersFile
from ..model.rules import rules_table
from .validate import exercise_model


class SchemaUnavailable(Exception):
    """The model for this kind of file is not part of this build."""


def model_for(kind: str) -> type[Any]:
    if kind == "scenario":
        return Scenario
    if kind == "theatre":
        return Theatre
    if kind == "orders":
        return OrdersFile
    if kind == "rules":
        return rules_table()
    if kind == "exercise":
        model = exercise_model()
        if model is None:
            raise SchemaUnavailable("exercise support not available")
        return model
    raise SchemaUnavailable(f"unknown kind {kind!r} (scenario, theatre, orders, exercise or rules)")


def schema(kind: str) -> dict[str, Any]:
    out = model_of(model_for(kind)).model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://drawdown.invalid/schema/{kind}.schema.json",
        **out,
    }


def schema_json(kind: str) -> str:
    return json.dumps(schema(kind), indent=2, ensure_ascii=False, sort_keys=False)
