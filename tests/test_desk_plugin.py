"""The desk plugin (datasette/plugins/desk.py) on Datasette's public API only (issue 14): it read
the private `datasette._metadata_local` to learn the desk's settings from inside its own
get_metadata hook. Now it asks `plugin_config`, whose nested lookup the hook leaves alone; these
tests fail when a plugin reads a private attribute again, or when the desk's reviewers stop
reaching Datasette's `allow` and datasette-auth-passwords' settings."""
from __future__ import annotations

import ast
import asyncio
from pathlib import Path

from claims.desk import add_user, desk_metadata, users_path
from claims.serve import config_dir
from store import EventLog

PLUGINS = sorted((Path(__file__).resolve().parents[1] / "datasette" / "plugins").glob("*.py"))


def _private_reads(path: Path) -> list[str]:
    """`datasette._anything` (or `ds._anything`): a private attribute of Datasette's object."""
    return [f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}"
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Attribute) and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name) and node.value.id in ("datasette", "ds")]


def test_no_plugin_reads_a_private_attribute_of_datasette():
    assert PLUGINS and any(p.name == "desk.py" for p in PLUGINS)
    found = [hit for p in PLUGINS for hit in _private_reads(p)]
    assert not found, "Datasette is pinned < 1.0; use its public API: " + "; ".join(found)


def test_the_scan_sees_a_private_read(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(datasette):\n    return datasette._metadata_local\n")
    assert _private_reads(sample) == ["sample.py:2: datasette._metadata_local"]


def test_the_desk_reviewers_reach_datasette_through_its_public_api(tmp_path):
    from datasette.app import Datasette
    db = tmp_path / "desk-log.db"
    EventLog(db).close()
    users = users_path(db)
    add_user(users, "ana", "a long desk password")
    ds = Datasette([str(db)], metadata=desk_metadata(db, users),
                   plugins_dir=str(config_dir() / "plugins"))
    asyncio.run(ds.invoke_startup())
    assert ds.plugin_config("claims-desk")["users"] == str(users.resolve())
    assert ds.metadata("allow") == {"id": ["ana"]}
    hashes = ds.plugin_config("datasette-auth-passwords")
    assert set(hashes) == {"ana_password_hash"}
    # a reviewer added while the desk runs counts at once
    add_user(users, "ben", "another long password")
    assert ds.metadata("allow") == {"id": ["ana", "ben"]}
    # a server that is not the desk adds nobody
    plain = Datasette([str(db)], metadata={"title": "x"},
                      plugins_dir=str(config_dir() / "plugins"))
    assert plain.metadata("allow") is None
    assert plain.plugin_config("datasette-auth-passwords") is None
