"""No app reaches into another app's private names: what apps share lives in the project package.

PDF rendering (``alliance87/pdf.py``), spreadsheets (``spreadsheets.py``), the API's building blocks
(``api_auth.py``, ``api_types.py``) and the others are public modules of ``alliance87`` itself. An app
may import another app's public names (a selector, a model), never a name starting with an underscore.
"""

import ast
from pathlib import Path

import alliance87

ROOT = Path(alliance87.__file__).resolve().parent
APPS = sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())


def _app_of_module(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "alliance87" and parts[1] in APPS else None


def _private_imports_across_apps() -> list[str]:
    found = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts or "tests" in relative.parts:
            continue  # a test may reach into what it tests
        here = relative.parts[0] if relative.parts[0] in APPS else None
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                there = _app_of_module(node.module)
                if there and there != here:
                    found += [
                        f"{relative}:{node.lineno} imports {node.module}.{alias.name}"
                        for alias in node.names
                        if alias.name.startswith("_")
                    ]
    return found


def test_the_check_knows_the_apps():
    assert {"network", "pathfinders", "events", "artwork", "accounts"} <= set(APPS)


def test_no_app_imports_another_apps_private_names():
    assert _private_imports_across_apps() == []


def test_the_shared_pieces_are_in_the_project_package():
    from alliance87 import api_auth, api_types, pdf, spreadsheets

    assert callable(pdf.render) and callable(pdf.css_string) and pdf.FONT_DIR
    assert callable(spreadsheets.to_csv) and callable(spreadsheets.to_xlsx)
    assert api_auth.OptionalTokenAuth and api_types.Text
