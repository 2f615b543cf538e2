"""Finding the subject and metric a user means: case-insensitively, by alias ("910C" finds
Huawei Ascend 910C), or by a unique part of the name; otherwise an error listing the closest."""
from __future__ import annotations

import difflib
from functools import lru_cache

from .errors import ConfigError


@lru_cache(maxsize=8)
def aliases(pack: str = "ai_chips") -> dict[str, str]:
    """Every name and alias of the pack's entities, lower-cased -> the entity's name (read once
    per process: a web server asks it on every history with another spelling)."""
    from extract.pack import load_pack
    out = {}
    for e in load_pack(pack).entities:
        for a in (e.name, *e.aliases):
            out.setdefault(a.lower(), e.name)
    return out


def resolve(text: str, known: list[str], what: str, aliases: dict[str, str] | None = None) -> str:
    wanted = text.strip().lower()
    by_lower = {k.lower(): k for k in known}
    if wanted in by_lower:
        return by_lower[wanted]
    if aliases and wanted in aliases and aliases[wanted].lower() in by_lower:
        return by_lower[aliases[wanted].lower()]
    parts = [k for k in known if wanted in k.lower()]
    if len(parts) == 1:
        return parts[0]
    close = difflib.get_close_matches(wanted, list(by_lower), n=5, cutoff=0.4)
    suggestions = [by_lower[c] for c in close] or sorted(parts)[:5]
    hint = f"; closest: {', '.join(suggestions)}" if suggestions else \
        f"; known {what}s: {', '.join(known[:8])}{' ...' if len(known) > 8 else ''}"
    if len(parts) > 1:
        hint = f"; it matches several: {', '.join(sorted(parts)[:6])}"
    raise ConfigError(f"no {what} {text!r}{hint}")


def subject(text: str, known: list[str], pack: str = "ai_chips") -> str:
    return resolve(text, known, "subject", aliases(pack))


def metric(text: str, known: list[str]) -> str:
    return resolve(text, known, "metric")


def qualifiers(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--qualifier {item!r}: expected KEY=VALUE, e.g. sparsity=dense")
        out[key.strip()] = value.strip()
    return out


def nothing_found(subject: str, metric: str, quals: dict[str, str], has: list[str]) -> None:
    """An empty result is an error that says so and names what the subject does have."""
    asked = f"{subject} / {metric}" + "".join(f" with {k}={v}" for k, v in quals.items())
    if quals and metric in has:
        hint = f"; {subject} has {metric} figures without that qualifier: drop --qualifier"
    elif has:
        close = difflib.get_close_matches(metric.lower(), [m.lower() for m in has], n=8,
                                          cutoff=0)
        words = set(metric.lower().split())
        ranked = sorted(has, key=lambda m: (not words & set(m.lower().split()),
                                            close.index(m.lower()) if m.lower() in close else 99))
        hint = f"; {subject} has: {', '.join(ranked[:8])}{' ...' if len(has) > 8 else ''}"
    else:
        hint = ""
    raise ConfigError(f"no observations of {asked}{hint}")
