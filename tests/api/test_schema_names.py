"""Every schema in the OpenAPI document has one meaning: django-ninja files the schemas of all
routers under their class names, so two different classes with one name would silently replace
each other in `/api/v1/openapi.json` (a client would be generated against the wrong body)."""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections import defaultdict
from typing import Any

from ninja import Schema

import danvan


def _api_modules() -> list[Any]:
    modules = []
    for info in pkgutil.walk_packages(danvan.__path__, prefix="danvan."):
        parts = info.name.split(".")
        if "api" in parts[2:] or parts[-1] == "api":
            modules.append(importlib.import_module(info.name))
    return modules


def _schemas_by_name() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = defaultdict(dict)
    for module in _api_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Schema)
                and value is not Schema
                and value.__module__ == module.__name__
            ):
                found[value.__name__][module.__name__] = value
    return found


def test_the_api_modules_are_found() -> None:
    names = {m.__name__ for m in _api_modules()}
    assert {"danvan.petitions.api", "danvan.core.api.tasks", "danvan.campaigns.api"} <= names


def test_no_two_different_schemas_share_a_name() -> None:
    clashes = []
    for name, classes in sorted(_schemas_by_name().items()):
        shapes = {
            json.dumps(cls.model_json_schema(), sort_keys=True, default=str)
            for cls in classes.values()
        }
        if len(shapes) > 1:
            clashes.append(f"{name}: {', '.join(sorted(classes))}")
    assert not clashes, "schemas with one name and different shapes:\n" + "\n".join(clashes)
