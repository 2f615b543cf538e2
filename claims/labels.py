"""Figures named in words, for pages people read.

A group key is the store's id of a figure, 'NVIDIA H100 | compute | precision=FP16 |
sparsity=dense | form_factor=SXM'; people read it as 'NVIDIA H100 · FP16 compute (dense, SXM)':
the precision goes back into the metric's name (the claims say "FP16 compute"), the other
qualifiers are said by their values, and nothing is printed for a qualifier that is absent.
Exports keep the key as it is.
"""
from __future__ import annotations

import json

SEPARATOR = " | "  # store.projections.group_key joins family, metric and qualifiers so


def split_group_key(key: str) -> tuple[str, str, dict]:
    """'NVIDIA H100 | compute | precision=FP16' -> ('NVIDIA H100', 'compute', {'precision':
    'FP16'}); a part that is not `name=value` stays part of the metric."""
    parts = [p for p in (key or "").split(SEPARATOR)]
    family = parts[0] if parts else ""
    metric, quals = (parts[1] if len(parts) > 1 else ""), {}
    for part in parts[2:]:
        name, eq, value = part.partition("=")
        if eq and name and " " not in name:
            quals[name] = value
        else:
            metric = f"{metric}{SEPARATOR}{part}"
    return family, metric, quals


def metric_label(metric: str | None, qualifiers: dict | None) -> str:
    """The metric as the claims name it: 'compute' with precision FP16 is 'FP16 compute'."""
    metric = metric or "?"
    precision = (qualifiers or {}).get("precision")
    if precision and not metric.startswith(f"{precision} "):
        return f"{precision} {metric}"
    return metric


def _word(value) -> str:
    return str(value).strip()


def figure_label(family: str | None, metric: str | None, qualifiers: dict | None) -> str:
    """'NVIDIA H100 · FP16 compute (dense, SXM)'; 'Huawei · AI chip revenue (2026)'."""
    quals = {k: v for k, v in (qualifiers or {}).items() if v not in (None, "", False)}
    words = [_word(v) for k, v in quals.items() if k != "precision" and v is not True]
    head = f"{family or '?'} · {metric_label(metric, quals)}"
    return f"{head} ({', '.join(words)})" if words else head


def group_label(key: str) -> str:
    """A group key in words (see figure_label)."""
    return figure_label(*split_group_key(key))


def qualifier_name(name: str) -> str:
    return name.replace("_", " ")


def qualifiers_text(qualifiers) -> str:
    """A claim's qualifiers in words: {"period": "2026", "projected": true} -> 'period 2026,
    projected'; {} -> ''. Takes the JSON text the tables hold, or a dict."""
    if isinstance(qualifiers, str):
        try:
            qualifiers = json.loads(qualifiers or "{}")
        except ValueError:
            return qualifiers
    if not isinstance(qualifiers, dict):
        return ""
    out = []
    for name, value in qualifiers.items():
        if value in (None, "", False):
            continue
        out.append(qualifier_name(name) if value is True else f"{qualifier_name(name)} {value}")
    return ", ".join(out)
