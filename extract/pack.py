"""Domain packs: the entities, count nouns, metrics and qualifiers of one news beat, as data.

A pack is a YAML file. `load_pack` checks its shape and says which key is wrong; an unknown key is
an error, not silence. The bundled pack is `ai_chips`; pass a path to use another beat's pack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import ExtractError
from .scan import skipping

KNOWN_KEYS = {"name", "description", "entities", "brands", "count_nouns", "metrics",
              "qualifiers", "ratio_rules", "groups", "references"}
KINDS = {"compute", "memory", "bandwidth", "power", "money", "price_per_unit", "count", "percent",
         "ratio", "length", "other"}


@dataclass(frozen=True)
class Entity:
    name: str
    aliases: tuple[str, ...]
    vendor: str | None
    type: str
    variant_of: str | None = None       # "NVIDIA H100 SXM5" is a variant of "NVIDIA H100"
    qualifiers: dict = field(default_factory=dict, compare=False)  # {form_factor: SXM}


@dataclass(frozen=True)
class Metric:
    name: str
    kind: str
    keywords: tuple[str, ...]
    pattern: re.Pattern | None = field(default=None, compare=False)
    # several values in one list name variants of the subject ("Qianfan-VL in sizes of 3, 8
    # or 70 billion parameters" -> Qianfan-VL 3B, 8B, 70B)
    variants: bool = False


@dataclass(frozen=True)
class Pack:
    name: str
    entities: tuple[Entity, ...]
    brands: dict
    count_nouns: dict
    metrics: tuple[Metric, ...]
    qualifiers: dict
    ratio_rules: tuple[dict, ...]
    source: str = ""
    groups: dict = field(default_factory=dict, compare=False)
    # "the chip", "the system": the nouns that refer back to an entity of a type
    references: dict = field(default_factory=dict, compare=False)

    def metrics_for(self, kind: str) -> list[Metric]:
        return list(self._metrics_by_kind.get(kind, ()))

    @cached_property
    def _metrics_by_kind(self) -> dict[str, tuple[Metric, ...]]:
        """The metrics of each kind, in the pack's order (grouped once: asked for every
        figure)."""
        out: dict[str, list[Metric]] = {}
        for m in self.metrics:
            out.setdefault(m.kind, []).append(m)
        return {k: tuple(v) for k, v in out.items()}


def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern:
    """A metric's keywords as one pattern, ignoring case, whole words; "AI chip revenue" also
    matches "AI-chip revenue". (Searched in every figure's window: skipping() lets the search
    pass the positions where no keyword starts.)"""
    alts = [re.escape(k).replace(r"\ ", r"[\s-]+") for k in keywords]
    return skipping(re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w])", re.I))


def _fail(source: str, where: str, expected: str) -> ExtractError:
    return ExtractError(f"domain pack {source}: {where}: expected {expected}")


def parse_pack(data: object, source: str = "<pack>") -> Pack:
    if not isinstance(data, dict):
        raise _fail(source, "top level", "a mapping with keys " + ", ".join(sorted(KNOWN_KEYS)))
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise _fail(source, f"unknown key(s) {sorted(unknown)}",
                    "only " + ", ".join(sorted(KNOWN_KEYS)))
    if not data.get("name"):
        raise _fail(source, "name", "a non-empty name")
    entities = []
    for i, e in enumerate(data.get("entities") or []):
        if not isinstance(e, dict) or not e.get("name"):
            raise _fail(source, f"entities[{i}]", "a mapping with at least a name")
        aliases = e.get("aliases") or []
        if not isinstance(aliases, list):
            raise _fail(source, f"entities[{i}] ({e['name']}).aliases", "a list")
        quals = e.get("qualifiers") or {}
        if not isinstance(quals, dict):
            raise _fail(source, f"entities[{i}] ({e['name']}).qualifiers", "a mapping")
        entities.append(Entity(str(e["name"]), tuple(str(a) for a in aliases),
                               e.get("vendor"), str(e.get("type", "thing")),
                               e.get("variant_of"), dict(quals)))
    metrics = []
    for i, m in enumerate(data.get("metrics") or []):
        if not isinstance(m, dict) or not m.get("name") or m.get("kind") not in KINDS:
            raise _fail(source, f"metrics[{i}]",
                        "a mapping with a name and a kind, one of " + ", ".join(sorted(KINDS)))
        kws = tuple(str(k) for k in m.get("keywords") or [])
        pattern = keyword_pattern(kws) if kws else None
        metrics.append(Metric(str(m["name"]), m["kind"], kws, pattern, bool(m.get("variants"))))
    count_nouns = data.get("count_nouns") or {}
    if isinstance(count_nouns, list):
        count_nouns = {n: n for n in count_nouns}
    if not isinstance(count_nouns, dict):
        raise _fail(source, "count_nouns", "a mapping of noun to label, or a list")
    brands = data.get("brands") or {}
    if isinstance(brands, list):
        brands = {b: None for b in brands}
    groups = data.get("groups") or {}
    if not isinstance(groups, dict) or set(groups) - {"places", "nouns", "topic"}:
        raise _fail(source, "groups",
                    "a mapping with lists 'places' and 'nouns' (and optionally 'topic')")
    references = data.get("references") or {}
    if not isinstance(references, dict) or not all(
            isinstance(v, list) for v in references.values()):
        raise _fail(source, "references", "a mapping of entity type to a list of nouns")
    return Pack(str(data["name"]), tuple(entities), dict(brands),
                {str(k): str(v) for k, v in count_nouns.items()}, tuple(metrics),
                dict(data.get("qualifiers") or {}), tuple(data.get("ratio_rules") or []), source,
                {k: [str(x) for x in v or []] for k, v in groups.items()},
                {str(k): [str(x) for x in v] for k, v in references.items()})


@lru_cache(maxsize=16)
def load_pack(name_or_path: str = "ai_chips") -> Pack:
    """Load a bundled pack by name, or a pack file by path."""
    path = Path(name_or_path)
    if path.suffix in (".yml", ".yaml") or path.exists():
        if not path.exists():
            raise ExtractError(f"domain pack {path}: no such file")
        text, source = path.read_text(encoding="utf-8"), str(path)
    else:
        try:
            text = resources.files("extract.packs").joinpath(f"{name_or_path}.yml").read_text(
                encoding="utf-8")
        except FileNotFoundError:
            raise ExtractError(f"no bundled domain pack named {name_or_path!r}; "
                               "pass a path to a .yml pack") from None
        source = f"{name_or_path}.yml"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        raise ExtractError(f"domain pack {source}: {where}: not valid YAML ({exc})") from None
    return parse_pack(data, source)
