"""Serve a published snapshot with Datasette, configured from the repository's datasette/ folder.

The server always reads an immutable snapshot (`claims publish`), never the live log. `--public`
also turns off arbitrary SQL (canned queries only) and tells robots to stay away.
"""
from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

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
    """datasette/metadata.yml with the database name filled in, the parts of store's SQL its
    canned queries name in braces ({history_groups}) written in, and SQL off when public."""
    from store.export import CANNED_PARTS
    text = (config_dir() / "metadata.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text.replace("{db}", snapshot.stem))
    for database in (data.get("databases") or {}).values():
        for query in (database.get("queries") or {}).values():
            for name, part in CANNED_PARTS.items():
                query["sql"] = query["sql"].replace("{" + name + "}", part)
    if public:
        data["allow_sql"] = False
        data.setdefault("plugins", {})["claims-tracker"] = {"robots": "disallow"}
        # published tables and pages only (datasette/plugins/public_guard.py)
        data["plugins"].setdefault("claims-guard", {})["public"] = True
    return data


def datasette_command(snapshot: Path, port: int, metadata_path: Path,
                      public: bool = False, mutable: bool = False) -> list[str]:
    """The Datasette command line; `mutable` (the desk) serves a live log, never a snapshot."""
    cfg = config_dir()
    cmd = [sys.executable, "-m", "datasette", "serve",
           *([str(snapshot)] if mutable else ["--immutable", str(snapshot)]),
           "--metadata", str(metadata_path), "--host", "127.0.0.1", "--port", str(port)]
    for name, value in settings_for(public).items():
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


def settings_for(public: bool) -> dict:
    """SETTINGS, with the database download off on a public server."""
    return {**SETTINGS, "allow_download": not public}


def datasette_app(snapshot: Path, public: bool = False):
    """The same Datasette `claims serve` runs, as an object (for tests and embedding)."""
    from datasette.app import Datasette
    cfg = config_dir()
    return Datasette([str(snapshot)], immutables=[str(snapshot)],
                     metadata=metadata_for(snapshot, public),
                     template_dir=str(cfg / "templates"), plugins_dir=str(cfg / "plugins"),
                     settings=settings_for(public))


def _metadata_file(data: dict) -> str:
    """A path Datasette can read the metadata from, that nothing has to delete afterwards: an
    anonymous in-memory file (Linux) inherited across exec, else a file in the temp folder."""
    text = yaml.safe_dump(data, sort_keys=False).encode("utf-8")  # keep the YAML order
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("claims-metadata.yml", 0)  # no MFD_CLOEXEC: Datasette inherits it
        os.write(fd, text)
        return f"/dev/fd/{fd}"
    with tempfile.NamedTemporaryFile("wb", suffix=".yml", prefix="claims-metadata-",
                                     delete=False) as fh:
        fh.write(text)
    return fh.name


def check_port(port: int, host: str = "127.0.0.1") -> None:
    """A clear error now, rather than uvicorn's traceback after the work is done, when another
    program already listens on `port` (0, a port the system picks, is always free)."""
    if not port:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise ConfigError(f"port {port} on {host} is in use by another program: stop it, "
                              "or pass --port N (0 picks a free port)") from None


def serve(snapshot: Path, port: int = 8001, public: bool = False, metadata: dict | None = None,
          mutable: bool = False) -> NoReturn:
    """Become Datasette (exec): Ctrl-C, SIGTERM or systemd's stop reach the server itself, and
    stopping `claims serve` can never leave a Datasette running. Port 0 lets the system pick a
    free port; Datasette's log line says which. A snapshot replaced by `claims publish` is
    served from the next request on (datasette/plugins/snapshot.py), without a restart;
    `mutable` (the desk, with its own `metadata`) serves a live log instead."""
    if not snapshot.exists():
        raise ConfigError(f"{snapshot}: no snapshot to serve; run `claims publish` first")
    check_port(port)
    cmd = datasette_command(snapshot, port,
                            Path(_metadata_file(metadata or metadata_for(snapshot, public))),
                            public, mutable=mutable)
    where = f"http://127.0.0.1:{port}/{snapshot.stem}" if port else "a free port"
    print(f"Serving {snapshot} at {where} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    sys.stdout.flush()
    os.execv(cmd[0], cmd)
