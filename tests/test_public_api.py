"""Each package's __init__ re-exports exactly its __all__, and every name in it exists."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import synthforge

PACKAGES = [
    name
    for _, name, is_package in pkgutil.walk_packages(synthforge.__path__, "synthforge.")
    if is_package
] + ["synthforge"]


@pytest.mark.parametrize("name", PACKAGES)
def test_init_reexports_only_its_all(name: str):
    module = importlib.import_module(name)
    exported = set(module.__all__)
    assert all(hasattr(module, n) for n in exported)
    tree = ast.parse(Path(module.__file__).read_text())
    imported = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module != "__future__"
        for alias in node.names
    }
    code = [
        node
        for node in tree.body
        if not isinstance(node, ast.Import | ast.ImportFrom | ast.Expr)
        and not (isinstance(node, ast.Assign) and _assigns_dunder(node))
    ]
    assert not code, f"{name}/__init__.py should only re-export"
    assert {n for n in imported if not n.startswith("_")} == exported - {"__version__"}


def _assigns_dunder(node: ast.Assign) -> bool:
    return all(isinstance(t, ast.Name) and t.id.startswith("__") for t in node.targets)
