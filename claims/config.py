"""sources.yml: what to crawl, how often, and where the log and snapshot live.

    database: claims.db              # the event log
    snapshot: public/claims.db       # what Datasette serves
    user_agent: "claims-tracker/0.1"
    contact: https://example.org/about-our-crawler   # put in the User-Agent
    pack: ai_chips                   # domain pack (name or .yml path)
    misfire_grace_time: 15m
    reconcile: {approx_band: 0.05}   # optional reconciliation settings
    sources:
      - name: chip-news
        feeds: [https://example.org/feed.xml]
        sitemaps: []
        urls: []
        allowed_domains: [example.org]   # default: the domains of the feeds/sitemaps/urls
        every: 30m                       # or cron: "0 * * * *"
        revisit_after: 1d                # fetch known articles again after this long
        politeness: {download_delay: 1, concurrent_requests_per_domain: 1}

`load_config` validates it and says which file, line and key is wrong and what is expected.
Relative paths are relative to the config file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .errors import ConfigError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)?\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, None: 1}
POLITENESS = {"download_delay": "DOWNLOAD_DELAY",
              "concurrent_requests_per_domain": "CONCURRENT_REQUESTS_PER_DOMAIN",
              "download_timeout": "DOWNLOAD_TIMEOUT", "retry_times": "RETRY_TIMES",
              "autothrottle": "AUTOTHROTTLE_ENABLED", "max_page_bytes": "DOWNLOAD_MAXSIZE"}
TOP_KEYS = {"database", "snapshot", "user_agent", "contact", "pack", "misfire_grace_time",
            "reconcile", "sources", "jobstore"}
SOURCE_KEYS = {"name", "feeds", "sitemaps", "urls", "allowed_domains", "every", "cron",
               "revisit_after", "politeness"}


@dataclass(frozen=True)
class Source:
    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    every: float | None = None          # seconds
    cron: str | None = None
    revisit_after: float | None = None  # seconds
    politeness: dict = field(default_factory=dict, compare=False)

    def scrapy_settings(self, config: "Config") -> dict:
        out = {POLITENESS[k]: v for k, v in self.politeness.items()}
        agent = config.user_agent
        if config.contact:
            agent = f"{agent} (+{config.contact})"
        out["USER_AGENT"] = agent
        out["CLAIMS_SOURCE_NAME"] = self.name
        if self.revisit_after is not None:
            out["CLAIMS_REVISIT_AFTER"] = self.revisit_after
        return out


@dataclass(frozen=True)
class Config:
    path: Path
    database: Path
    snapshot: Path
    jobstore: Path
    user_agent: str
    contact: str | None
    pack: str
    misfire_grace_time: float
    reconcile: dict
    sources: tuple[Source, ...]

    def source(self, name: str) -> Source:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(f"{self.path}: no source named {name!r}; the sources are "
                          f"{', '.join(s.name for s in self.sources)}")


def parse_duration(value, where: str, allow_zero: bool = False) -> float:
    m = _DURATION.match(str(value))
    if not m or float(m.group(1)) < 0 or (float(m.group(1)) == 0 and not allow_zero):
        raise ConfigError(f"{where}: {value!r} is not a duration; write e.g. 45s, 30m, 6h, 1d")
    return float(m.group(1)) * _UNITS[m.group(2)]


class _Lines:
    """Line numbers of keys, from the YAML node tree, for error messages."""

    def __init__(self, text: str):
        try:
            self.root = yaml.compose(text)
        except yaml.YAMLError:
            self.root = None

    def line(self, *path) -> int | None:
        node = self.root
        for key in path:
            if node is None:
                return None
            if isinstance(node, yaml.MappingNode):
                match = [v for k, v in node.value if k.value == key]
                if not match:
                    return node.start_mark.line + 1
                node = match[0]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key] if key < len(node.value) else None
        return node.start_mark.line + 1 if node is not None else None


def load_config(path: str | Path) -> Config:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file (see sources.example.yml)")
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}{line}: not valid YAML ({problem}); mend that line "
                          "(sources.example.yml shows the layout)") from None
    lines = _Lines(text)

    def fail(what: str, *key) -> ConfigError:
        line = lines.line(*key) if key else None
        where = f"{path}" + (f", line {line}" if line else "")
        keyname = ".".join(str(k) if not isinstance(k, int) else f"[{k}]" for k in key)
        return ConfigError(f"{where}: {keyname + ': ' if keyname else ''}{what}")

    if not isinstance(data, dict):
        raise fail("expected a mapping with a 'sources' list")
    unknown = set(data) - TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise fail(f"unknown key; expected one of {', '.join(sorted(TOP_KEYS))}", key)
    base = path.parent
    database = base / str(data.get("database", "claims.db"))
    snapshot = base / str(data.get("snapshot", f"public/{database.name}"))
    jobstore = base / str(data.get("jobstore", f"{database.stem}-scheduler.db"))
    sources_data = data.get("sources")
    if not isinstance(sources_data, list) or not sources_data:
        raise fail("expected a list of sources, each with a name and feeds, sitemaps or urls",
                   "sources")
    sources, names = [], set()
    for i, s in enumerate(sources_data):
        if not isinstance(s, dict):
            raise fail("expected a mapping (name, feeds, every...)", "sources", i)
        unknown = set(s) - SOURCE_KEYS
        if unknown:
            key = sorted(unknown)[0]
            raise fail(f"unknown key; expected one of {', '.join(sorted(SOURCE_KEYS))}",
                       "sources", i, key)
        name = s.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail("every source needs a name", "sources", i)
        if name in names:
            raise fail(f"the name {name!r} is used twice", "sources", i, "name")
        names.add(name)
        lists = {}
        for key in ("feeds", "sitemaps", "urls", "allowed_domains"):
            value = s.get(key) or []
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail("expected a list of strings", "sources", i, key)
            if key != "allowed_domains":
                for v in value:
                    if urlsplit(v).scheme not in ("http", "https") or not urlsplit(v).hostname:
                        raise fail(f"{v!r} is not an http(s) URL", "sources", i, key)
            lists[key] = tuple(value)
        if not (lists["feeds"] or lists["sitemaps"] or lists["urls"]):
            raise fail("give at least one of feeds, sitemaps or urls", "sources", i)
        if not lists["allowed_domains"]:
            lists["allowed_domains"] = tuple(sorted({
                urlsplit(u).hostname for u in lists["feeds"] + lists["sitemaps"] + lists["urls"]}))
        every = cron = None
        if s.get("every") is not None and s.get("cron") is not None:
            raise fail("give either every or cron, not both", "sources", i)
        if s.get("every") is not None:
            every = parse_duration(s["every"], f"{path}, line {lines.line('sources', i, 'every')}"
                                   f": sources.[{i}].every")
        elif s.get("cron") is not None:
            cron = str(s["cron"])
            try:
                from apscheduler.triggers.cron import CronTrigger
                CronTrigger.from_crontab(cron)
            except ValueError as exc:
                raise fail(f"{cron!r} is not a cron expression ({exc}); write e.g. "
                           "'0 * * * *'", "sources", i, "cron") from None
        else:
            raise fail("say how often: every: 30m, or cron: '0 * * * *'", "sources", i)
        revisit = None
        if s.get("revisit_after") is not None:
            revisit = parse_duration(s["revisit_after"], f"{path}: sources.[{i}].revisit_after",
                                     allow_zero=True)
        politeness = s.get("politeness") or {}
        if not isinstance(politeness, dict) or set(politeness) - set(POLITENESS):
            raise fail(f"expected a mapping with keys among {', '.join(sorted(POLITENESS))}",
                       "sources", i, "politeness")
        sources.append(Source(name, lists["feeds"], lists["sitemaps"], lists["urls"],
                              lists["allowed_domains"], every, cron, revisit, dict(politeness)))
    misfire = parse_duration(data.get("misfire_grace_time", "15m"),
                             f"{path}: misfire_grace_time")
    reconcile = data.get("reconcile") or {}
    if not isinstance(reconcile, dict):
        raise fail("expected a mapping of reconciliation settings", "reconcile")
    return Config(path, database, snapshot, jobstore,
                  str(data.get("user_agent", "claims-tracker/0.1")), data.get("contact"),
                  str(data.get("pack", "ai_chips")), misfire, reconcile, tuple(sources))
