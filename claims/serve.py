"""Serve a published snapshot with Datasette, configured from the repository's datasette/ folder.

The server always reads an immutable snapshot (`claims publish`), never the live log. `--public`
also turns off arbitrary SQL (canned queries only) and tells robots to stay away.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from .errors import ConfigError

CONFIG_DIR = Path(__file__).resolve().parent.parent / "datasette"


def config_dir() -> Path:
    path = Path(os.environ.get("CLAIMS_DATASETTE_DIR", CONFIG_DIR))
    if not (path / "metadata.yml").exists():
        raise ConfigError(f"no Datasette configuration at {path}/metadata.yml; set "
                          "CLAIMS_DATASETTE_DIR to the repository's datasette/ folder")
    return path


def metadata_for(snapshot: Path, public: bool) -> dict:
    """datasette/metadata.yml with the database name filled in (and SQL off when public)."""
    text = (config_dir() / "metadata.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text.replace("{db}", snapshot.stem))
    if public:
        data["allow_sql"] = False
        data.setdefault("plugins", {})["claims-tracker"] = {"robots": "disallow"}
    return data


def datasette_command(snapshot: Path, port: int, metadata_path: Path) -> list[str]:
    cfg = config_dir()
    cmd = [sys.executable, "-m", "datasette", "serve", "--immutable", str(snapshot),
           "--metadata", str(metadata_path), "--host", "127.0.0.1", "--port", str(port)]
    for name, value in SETTINGS.items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        cmd += ["--setting", name, text]
    if (cfg / "templates").is_dir():
        cmd += ["--template-dir", str(cfg / "templates")]
    if (cfg / "plugins").is_dir() and any((cfg / "plugins").glob("*.py")):
        cmd += ["--plugins-dir", str(cfg / "plugins")]
    if (cfg / "static").is_dir():
        cmd += ["--static", f"static:{cfg / 'static'}"]
    return cmd


# facets over a whole large table give up after 150 ms each (Datasette then says so) instead
# of stalling the page; suggested facets would scan every column, so they are off
SETTINGS = {"facet_time_limit_ms": 150, "sql_time_limit_ms": 3000, "max_returned_rows": 2000,
            "suggest_facets": False}


def datasette_app(snapshot: Path, public: bool = False):
    """The same Datasette `claims serve` runs, as an object (for tests and embedding)."""
    from datasette.app import Datasette
    cfg = config_dir()
    return Datasette([str(snapshot)], immutables=[str(snapshot)],
                     metadata=metadata_for(snapshot, public),
                     template_dir=str(cfg / "templates"), plugins_dir=str(cfg / "plugins"),
                     settings=SETTINGS)


def serve(snapshot: Path, port: int = 8001, public: bool = False) -> int:
    """Run Datasette in the foreground until Ctrl-C; returns its exit status."""
    if not snapshot.exists():
        raise ConfigError(f"{snapshot}: no snapshot to serve; run `claims publish` first")
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "metadata.yml"
        meta.write_text(yaml.safe_dump(metadata_for(snapshot, public)), encoding="utf-8")
        cmd = datasette_command(snapshot, port, meta)
        print(f"Serving {snapshot} at http://127.0.0.1:{port}/{snapshot.stem} "
              "(Ctrl-C to stop)", file=sys.stderr, flush=True)
        try:
            return subprocess.call(cmd)
        except KeyboardInterrupt:
            return 0
