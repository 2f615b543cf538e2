"""Figures named in words, for pages people read.

A group key is the store's id of a figure, 'NVIDIA H100 | compute | precision=FP16 |
sparsity=dense | form_factor=SXM'; people read it as 'NVIDIA H100 · FP16 compute (dense, SXM)':
the precision goes back into the metric's name (the claims say "FP16 compute"), the other
qualifiers are said by their values, and nothing is printed for a qualifier that is absent.
Exports keep the key as it is.
"""
from __future__ import annotations

import json
import re

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


# a figure's verdict (metric_groups.status, and each claim's) as the pages say it
STATUS_WORDS = {
    "agreed": "Agreed", "disputed": "Disputed", "single-source": "One source only",
    "needs-qualifier": "Needs a qualifier", "deprecated": "Every claim deprecated",
    "needs-review": "Needs review",
}

# where one claim stands in its figure, for each status of the figure (the `in_consensus` column
# of a history means "with the leading value" only where sources disagree)
STANDING_WORDS = {
    "with the consensus": "the figure is disputed and this claim gives the leading value",
    "against the consensus": "the figure is disputed and this claim gives another value",
    "agrees": "every source gives this value",
    "only source": "no other publisher gives this figure",
    "to review": "its source gives more than one value for this figure",
    "variant unclear": "the value fits more than one variant of the figure",
    "deprecated": "a reviewer marked this claim wrong; it does not count",
}


def standing(status: str | None, in_consensus, rank: str | None = None) -> str:
    """One claim's place in its figure, in the words of STANDING_WORDS."""
    if rank == "deprecated" or status == "deprecated":
        return "deprecated"
    if status == "disputed":
        return "with the consensus" if in_consensus else "against the consensus"
    return {"agreed": "agrees", "single-source": "only source", "needs-review": "to review",
            "needs-qualifier": "variant unclear"}.get(status or "", status or "")


def inferred_words(text: str) -> str:
    """'inferred sparsity=sparse, form_factor=SXM (the only variant reported)' -> 'not stated;
    taken as sparsity sparse, form factor SXM (the only variant reported)'."""
    parts = [p[len("inferred "):] if p.startswith("inferred ") else p for p in text.split("; ")]
    body = re.sub(r"\b([a-z_]+)=", lambda m: qualifier_name(m.group(1)) + " ", "; ".join(parts))
    return f"not stated; taken as {body}"


def context_words(qualifiers) -> str:
    """The qualifiers a metric's name does not already say ('FP16 compute' says its precision):
    {"precision": "FP16", "sparsity": "dense"} -> 'sparsity dense'."""
    if isinstance(qualifiers, str):
        try:
            qualifiers = json.loads(qualifiers or "{}")
        except ValueError:
            return qualifiers
    return qualifiers_text({k: v for k, v in (qualifiers or {}).items() if k != "precision"})


def explanation_words(text: str) -> str:
    """A figure's explanation with its inferred qualifiers in words: 'inferred period=2026' ->
    'inferred where a claim did not say: period 2026'; other notes stay as written."""
    out = []
    for part in (text or "").split("; "):
        if part.startswith("inferred "):
            out.append("inferred where a claim did not say: " + inferred_words(part)
                       .removeprefix("not stated; taken as "))
        else:
            out.append(part)
    return "; ".join(out)
