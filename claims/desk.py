"""The fact-checker's desk: the pages for judging on the live log, for signed-in reviewers.

`claims desk add-user NAME` stores a password hash (PBKDF2, datasette-auth-passwords' own
hasher) in a users file beside the log; `claims desk` serves the log with Datasette, sign-in
required. A review or a correction made in the browser is an event written here, through
store/, then projected and reconciled at once, so the page the reviewer lands on shows it.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

from store import EventLog, claim_corrected, claim_reviewed, utc_now
from store import pages
from store.projections import GROUP_QUALIFIERS
from store.publish import refresh_claim_status

from .errors import ConfigError

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
MIN_PASSWORD = 8


class DeskError(ConfigError):
    """A review or correction that cannot be recorded as asked (the reviewer is told why)."""


def users_path(db: str | os.PathLike) -> Path:
    """The desk's users file: beside the log, `<log name>-desk-users.json`."""
    db = Path(db)
    return db.with_name(f"{db.stem}-desk-users.json")


def load_users(path: str | os.PathLike) -> dict[str, str]:
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: not a desk users file ({exc})") from None
    return {str(k): str(v) for k, v in (data.get("users") or {}).items()}


def add_user(path: str | os.PathLike, name: str, password: str) -> bool:
    """Store NAME's password hash (replacing an old one); True when the user is new."""
    from datasette_auth_passwords.utils import hash_password
    if not NAME.match(name or ""):
        raise ConfigError(f"user name {name!r}: use 1-40 letters, digits, '.', '_' or '-', "
                          "starting with a letter or digit")
    if len(password or "") < MIN_PASSWORD:
        raise ConfigError(f"the password must have at least {MIN_PASSWORD} characters")
    path = Path(path)
    users = load_users(path)
    new = name not in users
    users[name] = hash_password(password)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"users": users}, fh, indent=2, sort_keys=True)
    os.replace(tmp, path)
    return new


def parse_qualifiers(text: str | None) -> dict:
    """'precision=FP16, projected=true' -> {'precision': 'FP16', 'projected': True}."""
    out: dict = {}
    for part in (text or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise DeskError(f"qualifier {part.strip()!r}: write key=value, e.g. "
                            f"{GROUP_QUALIFIERS[0]}=FP16")
        out[key] = {"true": True, "false": False}.get(value.lower(), value)
    return out


def _claim(conn: sqlite3.Connection, claim_id: str) -> dict:
    found = pages.claim(conn, claim_id)
    if not found:
        raise DeskError(f"claim {claim_id[:12]}: not a current claim of this log")
    return found


def _record(db: str, event, families: list[str]) -> None:
    from . import stages
    with EventLog(db) as log:
        log.append_judgement(event)
    stages.refresh(db)
    with EventLog(db) as log:
        refresh_claim_status(log.conn, families)


def review(db: str, claim_id: str, rank: str, reason: str | None, by: str) -> str | None:
    """Record a review; returns the figure (group key) the claim is in afterwards."""
    reason = (reason or "").strip() or None
    if rank not in ("preferred", "normal", "deprecated"):
        raise DeskError(f"rank {rank!r}: prefer, deprecate or normal")
    if rank == "deprecated" and not reason:
        raise DeskError("a deprecation needs a reason: say why the figure is wrong")
    with EventLog(db) as log:
        found = _claim(log.conn, claim_id)
    _record(db, claim_reviewed(claim_id, rank, reason, by, utc_now()), [found["family"]])
    with EventLog(db, readonly=True) as log:
        return pages.group_of_claim(log.conn, claim_id)


def correct(db: str, claim_id: str, correction: str, by: str, subject: str | None = None,
            metric: str | None = None, qualifiers: str | None = None,
            reason: str | None = None) -> tuple[str | None, str]:
    """Record a correction; returns (the claim's figure afterwards, its article URL)."""
    reason = (reason or "").strip() or None
    with EventLog(db) as log:
        found = _claim(log.conn, claim_id)
        if correction == "subject":
            subject = (subject or "").strip()
            if not subject:
                raise DeskError("a subject correction needs the right subject: pick a name "
                                "from the article or type one")
            if subject == found["subject"]:
                raise DeskError(f"the claim is already about {subject}")
            fields = {"subject": subject, "subject_family": pages.family_of(log.conn, subject)}
            families = [found["family"], fields["subject_family"]]
        elif correction == "metric":
            metric = (metric or "").strip()
            if not metric:
                raise DeskError("a metric correction needs the right metric")
            fields = {"metric": metric, "qualifiers": parse_qualifiers(qualifiers)}
            families = [found["family"]]
        elif correction == "not_a_claim":
            fields, families = {}, [found["family"]]
        else:
            raise DeskError(f"correction {correction!r}: subject, metric or not_a_claim")
    _record(db, claim_corrected(claim_id, correction, fields, reason, by, utc_now()), families)
    with EventLog(db, readonly=True) as log:
        return pages.group_of_claim(log.conn, claim_id), found["canonical_url"]


def desk_metadata(db: Path, users_file: Path) -> dict:
    """The desk's Datasette metadata: the public pages' metadata, sign-in required, and where
    the log and the users file are. The reviewers themselves (the `allow` list and their
    password hashes for datasette-auth-passwords) are not frozen in here: the desk plugin reads
    the users file when a page or a sign-in asks (datasette/plugins/desk.py, `get_metadata`),
    so `claims desk add-user` takes effect on a running desk."""
    from .serve import metadata_for
    data = metadata_for(db, public=False)
    plugins = data.setdefault("plugins", {})
    plugins["claims-desk"] = {"db": str(db.resolve()), "users": str(users_file.resolve())}
    return data


class UsersFile:
    """The users file as last read, read again when it changes (its inode, size or mtime)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._seen: tuple | None = None
        self._users: dict[str, str] = {}

    def users(self) -> dict[str, str]:
        try:
            st = self.path.stat()
            seen = (st.st_ino, st.st_size, st.st_mtime_ns)
        except OSError:
            seen = None
        if seen != self._seen:
            try:
                self._users = load_users(self.path) if seen else {}
            except ConfigError:
                self._users = {}  # a damaged file signs nobody in
            self._seen = seen
        return self._users


def serve_desk(db: str | os.PathLike, port: int = 8002, users_file=None) -> int:
    from . import stages
    from .serve import serve
    db = Path(db)
    if not db.exists():
        raise ConfigError(f"{db}: no such log; run `claims crawl` or `claims demo` first")
    users_file = Path(users_file) if users_file else users_path(db)
    users = load_users(users_file)
    if not users:
        raise ConfigError(f"no reviewers in {users_file}: run `claims desk add-user NAME "
                          f"--db {db}` first")
    stages.refresh(str(db))
    with EventLog(db) as log:
        refresh_claim_status(log.conn)
    return serve(db, port=port, metadata=desk_metadata(db, users_file), mutable=True)
