"""Reconciliation: which figures agree, which conflict, and why (a projection).

Wikidata's model: conflicting values live side by side, each with its source; qualifiers separate
contexts; a reviewer's rank overrides (a preferred claim wins its group, a deprecated one stays
visible and stops counting). On top of it an automatic pass, per family + metric:

1. each claim becomes an interval: "~800" is 800 +/- 5%, "just under 800" [760, 800],
   "64-80" [64, 80], an exact figure +/- 2% (the bands are settings);
2. claims are grouped by the qualifiers that make a different figure (precision, sparsity,
   form factor, period); a claim missing a qualifier that its sibling groups state is placed in
   the one sibling it agrees with, directly or through a ratio rule (NVIDIA sparse = 2 x dense),
   and marked as inferred: never rewritten. Agreeing with several makes it needs-qualifier.
   Likewise a figure under a kind's catch-all metric ("bandwidth": the text did not say which)
   joins the one specific metric of its family it agrees with ("memory bandwidth", not
   "interconnect bandwidth"), marked inferred; the specific metrics come from the pack;
3. overlapping intervals form clusters; one vote per publisher per cluster, syndicated copies
   (same quote) count once, votes weighted by publisher trust;
4. each group is labelled agreed, disputed, single-source or needs-qualifier, with a consensus
   value and range and the publishers for and against. Clusters that only one source stands
   behind on both sides (an article, or a publisher, that gives two values for one figure) are
   not a dispute between sources: the extraction or the grouping is unsure, and the group
   needs-review. A group whose every claim a reviewer deprecated is deprecated.

Publisher trust is a prior (0.5 unless configured) updated by how often the publisher's figures
land in the consensus of groups with two or more publishers, smoothed with a pseudo-count, so one
claim cannot make a source perfect or worthless.

`reconcile(conn, settings)` recomputes only the groups touched since its checkpoint;
`reconcile(conn, settings, full=True)` recomputes everything (and refreshes trust).
"""
from __future__ import annotations

import json
import sqlite3
import statistics
from dataclasses import dataclass, field
from typing import Iterable

from .projections import GROUP_QUALIFIERS, UNKNOWN, _set_checkpoint, checkpoint, group_key

# Every label a metric group can carry (see the module docstring for what each means).
STATUSES = ("agreed", "disputed", "needs-review", "single-source", "needs-qualifier", "deprecated")

NAME = "reconcile"

TABLES = {
    "metric_groups": """CREATE TABLE IF NOT EXISTS metric_groups (
        group_key TEXT NOT NULL, family TEXT, metric TEXT, qualifiers TEXT, kind TEXT,
        unit TEXT, status TEXT, consensus_value REAL, consensus_low REAL, consensus_high REAL,
        claims INTEGER, publishers INTEGER, sources_for TEXT, sources_against TEXT,
        first_published TEXT, last_published TEXT, explanation TEXT, updated_seq INTEGER)""",
    "group_claims": """CREATE TABLE IF NOT EXISTS group_claims (
        claim_id TEXT NOT NULL, group_key TEXT NOT NULL, family TEXT, metric TEXT,
        inferred TEXT, cluster INTEGER, in_consensus INTEGER, counted INTEGER, rank TEXT,
        review_reason TEXT, low REAL, high REAL)""",
    "conflicts": """CREATE TABLE IF NOT EXISTS conflicts (
        group_key TEXT NOT NULL, cluster INTEGER NOT NULL, value REAL, low REAL, high REAL,
        unit TEXT, publishers TEXT, claims INTEGER, is_consensus INTEGER, value_texts TEXT)""",
    "publisher_trust": """CREATE TABLE IF NOT EXISTS publisher_trust (
        publisher TEXT PRIMARY KEY, prior REAL, agreed INTEGER, total INTEGER, trust REAL)""",
}
INDEXES = [
    "CREATE UNIQUE INDEX IF NOT EXISTS metric_groups_key ON metric_groups(group_key)",
    "CREATE UNIQUE INDEX IF NOT EXISTS group_claims_key ON group_claims(claim_id, group_key)",
    "CREATE UNIQUE INDEX IF NOT EXISTS conflicts_key ON conflicts(group_key, cluster)",
    "CREATE INDEX IF NOT EXISTS group_claims_group ON group_claims(group_key)",
    "CREATE INDEX IF NOT EXISTS group_claims_bundle ON group_claims(family, metric)",
    "CREATE INDEX IF NOT EXISTS metric_groups_bundle ON metric_groups(family, metric)",
    "CREATE INDEX IF NOT EXISTS metric_groups_status ON metric_groups(status)",
]


@dataclass(frozen=True)
class Settings:
    exact_band: float = 0.02       # an exact figure: +/- 2% (rounding)
    approx_band: float = 0.05      # "~", about, roughly: +/- 5%
    just_band: float = 0.05        # "just under 800": [760, 800]
    open_band: float = 0.25        # "under 800", "over 800": [600, 800], [800, 1000]
    trust_prior: dict = field(default_factory=dict)   # publisher -> prior in (0, 1)
    default_trust: float = 0.5
    trust_strength: float = 4.0    # pseudo-count of the prior
    ratio_rules: tuple = ()        # from the domain pack
    # catch-all metric -> the specific metrics it may stand for (from the domain pack)
    generic_metrics: dict = field(default_factory=dict)

    @classmethod
    def from_config(cls, data: dict | None, ratio_rules: Iterable[dict] = (),
                    generic_metrics: dict | None = None) -> "Settings":
        data = dict(data or {})
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown reconciliation settings {sorted(unknown)}")
        return cls(**data, ratio_rules=tuple(ratio_rules),
                   generic_metrics={k: tuple(v) for k, v in (generic_metrics or {}).items()})


@dataclass
class _Claim:
    claim_id: str
    group_key: str
    quals: dict
    publisher: str
    value: float | None
    low: float | None
    high: float | None
    approx: bool
    bound: str
    quote: str
    kind: str
    unit: str
    published_at: str | None
    value_text: str
    family: str
    lo: float = 0.0
    hi: float = 0.0
    inferred: str | None = None
    via: str | None = None  # the metric it was placed under, when the text named none
    rank: str = "normal"
    reason: str | None = None


def interval(c: _Claim, s: Settings) -> tuple[float, float]:
    if c.value is None:
        lo, hi = c.low, c.high
        if c.approx:
            lo, hi = lo * (1 - s.approx_band), hi * (1 + s.approx_band)
        return min(lo, hi), max(lo, hi)
    v = c.value
    a = abs(v)
    if c.bound in ("<", "<="):
        band = s.just_band if c.approx else s.open_band
        return v - a * band, v
    if c.bound in (">", ">="):
        band = s.just_band if c.approx else s.open_band
        return v, v + a * band
    band = s.approx_band if c.approx else s.exact_band
    return v - a * band, v + a * band


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _key_quals(quals: dict) -> dict:
    return {k: quals[k] for k in GROUP_QUALIFIERS if quals.get(k) not in (None, "")}


# -- one family + metric ------------------------------------------------------------------------
def reconcile_bundle(claims: list[_Claim], s: Settings, trust: dict[str, float]):
    """Groups, memberships and clusters of one family + metric."""
    for c in claims:
        c.lo, c.hi = interval(c, s)
    groups: dict[str, list[_Claim]] = {}
    quals_of: dict[str, dict] = {}
    for c in claims:
        groups.setdefault(c.group_key, []).append(c)
        quals_of[c.group_key] = _key_quals(c.quals)
    # consensus of each group before inference, to place unqualified claims
    base = {k: _consensus(v, trust)[0] for k, v in groups.items()}
    moved: dict[str, list[_Claim]] = {}
    ambiguous: set[str] = set()
    for key, members in list(groups.items()):
        q = quals_of[key]
        siblings = [k for k in groups if k != key and _more_specific(quals_of[k], q)]
        derived = _derived(groups, quals_of, base, q, members, s)
        if not siblings and not derived:
            continue
        stay = []
        for c in members:
            fits = {k for k in siblings if base.get(k) and _overlaps((c.lo, c.hi), base[k])}
            via_rule = {dk: name for dk, (rng, name, _) in derived.items()
                        if _overlaps((c.lo, c.hi), rng)}
            # a group someone reported beats a group only a ratio rule implies
            targets = fits if len(fits) == 1 else fits | set(via_rule)
            if not targets and len(siblings) == 1 and not derived:
                # the only variant anyone reported: the same figure, stated without qualifier
                targets = {siblings[0]}
                via_rule = {siblings[0]: "the only variant reported"}
            if len(targets) == 1:
                target = targets.pop()
                extra = {k: v for k, v in (quals_of.get(target) or (
                    derived[target][2] if target in derived else {})).items() if k not in q}
                how = ", ".join(f"{k}={v}" for k, v in extra.items())
                c.inferred = f"inferred {how}" + (f" ({via_rule[target]})" if target in via_rule
                                                  else "")
                moved.setdefault(target, []).append(c)
                quals_of.setdefault(target, derived[target][2] if target in derived else {})
            else:
                if len(targets) > 1:
                    ambiguous.add(c.claim_id)
                stay.append(c)
        groups[key] = stay
    for k, extra in moved.items():
        groups.setdefault(k, []).extend(extra)
    out = []
    for key, members in groups.items():
        if not members:
            continue
        out.append(_label(key, quals_of.get(key, {}), members, trust, ambiguous))
    return out


def place_generic(bundles: dict[str, list[_Claim]], s: Settings,
                  trust: dict[str, float]) -> dict[str, list[_Claim]]:
    """The bundles of one family, metric -> claims, with each claim of a catch-all metric moved
    into the one specific metric whose figures it agrees with (by metric and qualifiers)."""
    for generic, specifics in s.generic_metrics.items():
        waiting = bundles.get(generic)
        if not waiting:
            continue
        ranges = {}
        for metric in specifics:
            for g in reconcile_bundle([_copy(c) for c in bundles.get(metric, [])], s, trust):
                if g.low is not None:
                    ranges.setdefault(metric, []).append((g.low, g.high, g.quals))
        stay = []
        for c in waiting:
            c.lo, c.hi = interval(c, s)
            q = _key_quals(c.quals)
            fits = {m for m, rs in ranges.items() for lo, hi, quals in rs
                    if _overlaps((c.lo, c.hi), (lo, hi))
                    and all(quals.get(k) == v for k, v in q.items())}
            if len(fits) != 1:
                stay.append(c)
                continue
            metric = fits.pop()
            c.group_key = group_key(c.family, metric, c.quals)
            c.via = f"inferred metric={metric}"
            bundles.setdefault(metric, []).append(c)
        bundles[generic] = stay
    return bundles


def _copy(c: _Claim) -> _Claim:
    from dataclasses import replace
    return replace(c, inferred=None)


def _more_specific(a: dict, b: dict) -> bool:
    """a states every qualifier b states, with the same values, and more."""
    return len(a) > len(b) and all(a.get(k) == v for k, v in b.items())


def _derived(groups, quals_of, base, q, members, s: Settings):
    """Intervals implied by ratio rules for qualifiers the claims in `q` do not state."""
    out = {}
    family = members[0].family if members else ""
    kind = members[0].kind if members else ""
    for rule in s.ratio_rules:
        if rule.get("kind") and rule["kind"] != kind:
            continue
        vendor = rule.get("vendor")
        if vendor and not family.lower().startswith(vendor.lower()):
            continue
        src, dst = rule.get("from") or {}, rule.get("to") or {}
        if any(k in q for k in dst):
            continue
        for k, rng in base.items():
            if not rng:
                continue
            kq = quals_of[k]
            if not all(kq.get(a) == b for a, b in src.items()):
                continue
            if not all(kq.get(a) == b for a, b in q.items()):
                continue
            target = {**{a: b for a, b in kq.items() if a not in src}, **dst}
            if not all(target.get(a) == b for a, b in q.items()):
                continue
            target_key = _key_for(members[0], target)
            if target_key in groups and base.get(target_key):
                continue  # the target group has its own figures: placed by overlap
            f = float(rule.get("factor", 1.0))
            out[target_key] = ((rng[0] * f, rng[1] * f), rule.get("name", "ratio rule"), target)
    return out


def _key_for(c: _Claim, quals: dict) -> str:
    metric = c.group_key.split(" | ")[1] if " | " in c.group_key else UNKNOWN
    return group_key(c.family, metric, quals)  # metric here is already the base metric


def _clusters(members: list[_Claim]) -> list[list[_Claim]]:
    out: list[list[_Claim]] = []
    hi = None
    for c in sorted(members, key=lambda c: (c.lo, c.hi)):
        if out and c.lo <= hi:
            out[-1].append(c)
            hi = max(hi, c.hi)
        else:
            out.append([c])
            hi = c.hi
    return out


def _votes(cluster: list[_Claim]) -> dict[str, float]:
    """One vote per publisher; copies of the same quote (syndication) count once."""
    seen_quotes: set[str] = set()
    voters: dict[str, float] = {}
    for c in cluster:
        if c.rank == "deprecated":
            continue
        quote = " ".join((c.quote or "").lower().split())
        if quote and quote in seen_quotes and c.publisher not in voters:
            continue
        seen_quotes.add(quote)
        voters[c.publisher or "?"] = 1.0
    return voters


def _consensus(members: list[_Claim], trust: dict[str, float]):
    counted = [c for c in members if c.rank != "deprecated"]
    if not counted:
        return None, [], None
    clusters = _clusters(counted)
    if len(clusters) == 1:
        return _common_range(clusters[0]), clusters, 0
    preferred = [i for i, cl in enumerate(clusters) if any(c.rank == "preferred" for c in cl)]
    weights = [sum(trust.get(p, 0.5) for p in _votes(cl)) for cl in clusters]
    if preferred:
        best = preferred[-1]
    else:
        top = max(weights)
        best_all = [i for i, w in enumerate(weights) if abs(w - top) < 1e-9]
        best = best_all[0] if len(best_all) == 1 else None
    if best is None:
        return None, clusters, None
    return _common_range(clusters[best]), clusters, best


def _common_range(cluster: list[_Claim]) -> tuple[float, float]:
    """Where every interval of a cluster agrees; the cluster's span when they only chain."""
    lo, hi = max(c.lo for c in cluster), min(c.hi for c in cluster)
    if lo > hi:
        lo, hi = min(c.lo for c in cluster), max(c.hi for c in cluster)
    return lo, hi


def _middle(cluster: list[_Claim]) -> float:
    """The median of a cluster's figures (a range counts as its midpoint)."""
    return statistics.median(c.value if c.value is not None else (c.low + c.high) / 2
                             for c in cluster)


@dataclass
class GroupResult:
    key: str
    quals: dict
    members: list
    clusters: list
    consensus: int | None
    status: str
    value: float | None
    low: float | None
    high: float | None
    sources_for: list
    sources_against: list
    explanation: str


def _label(key, quals, members, trust, ambiguous) -> GroupResult:
    rng, clusters, best = _consensus(members, trust)
    counted = [c for c in members if c.rank != "deprecated"]
    publishers = {c.publisher for c in counted}
    value = None
    if best is not None:
        value = _middle(clusters[best])
    if not counted:
        status = "deprecated"
    elif all(c.claim_id in ambiguous for c in counted):
        status = "needs-qualifier"
    elif len(clusters) > 1:
        status = "disputed" if _independent_sides(clusters) >= 2 else "needs-review"
    elif len(publishers) <= 1:
        status = "single-source"
    else:
        status = "agreed"
    votes = [_votes(cl) for cl in clusters]
    sources_for = sorted(votes[best]) if best is not None else []
    sources_against = sorted({p for i, v in enumerate(votes) if i != best
                              for p in v} - set(sources_for))
    explanation = _explain(status, clusters, best, members)
    return GroupResult(key, quals, members, clusters, best, status, value,
                       rng[0] if rng else None, rng[1] if rng else None, sources_for,
                       sources_against, explanation)


def _independent_sides(clusters: list[list[_Claim]]) -> int:
    """How many clusters have a source of their own: a publisher none of the other clusters
    has. Two such clusters are two sources that disagree; fewer, and the disagreement lies
    within one source."""
    publishers = [{c.publisher for c in cl} for cl in clusters]
    return sum(1 for i, own in enumerate(publishers)
               if own - set().union(*(p for j, p in enumerate(publishers) if j != i)))


def _explain(status, clusters, best, members) -> str:
    if status == "needs-qualifier":
        return "the figures fit more than one variant; the text does not say which"
    if status == "needs-review":
        texts = " vs ".join(" / ".join(sorted({c.value_text for c in cl})[:3]) for cl in clusters)
        pubs = ", ".join(sorted({c.publisher for c in members if c.rank != "deprecated"}))
        return (f"one source gives different values: {texts} ({pubs}); the extraction or the "
                f"grouping may be wrong: review the claims")
    if status != "disputed":
        notes = {x for c in members for x in (c.via, c.inferred) if x}
        return "; ".join(sorted(notes))
    parts = []
    for i, cl in enumerate(clusters):
        texts = sorted({c.value_text for c in cl})
        pubs = sorted(_votes(cl)) or sorted({c.publisher for c in cl})
        parts.append(f"{' / '.join(texts[:3])} ({', '.join(pubs)})" +
                     (" [consensus]" if i == best else ""))
    text = "values differ: " + " vs ".join(parts)
    if best is not None and members and members[0].kind == "bandwidth":
        center = (clusters[best][0].lo + clusters[best][0].hi) / 2
        for i, cl in enumerate(clusters):
            if i == best:
                continue
            mid = (cl[0].lo + cl[0].hi) / 2
            for factor in (8, 1 / 8):
                if center and abs(mid * factor - center) / center < 0.05:
                    text += "; one side may confuse bits and bytes (a factor of 8)"
    return text


# -- driving it from the claims table -------------------------------------------------------------
# reconcile_inputs is clustered by (family, base_metric): a group's claims are neighbours
_SELECT = ("SELECT c.claim_id, c.group_key, c.qualifiers, c.publisher, c.value, c.low, c.high, "
           "c.approx, c.bound, c.quote_key, c.kind, c.unit, c.published_at, c.value_text, "
           "c.family, c.base_metric, r.rank, r.reason FROM reconcile_inputs c "
           "LEFT JOIN reviews r USING (claim_id)")


def _row_claim(r) -> tuple[tuple[str, str], _Claim]:
    c = _Claim(r[0], r[1] or "", json.loads(r[2] or "{}"), r[3] or "?", r[4], r[5], r[6],
               bool(r[7]), r[8] or "=", r[9] or "", r[10] or "", r[11] or "", r[12],
               r[13] or "", r[14] or UNKNOWN)
    c.rank = r[16] or "normal"
    c.reason = r[17]
    return (r[14] or UNKNOWN, r[15] or UNKNOWN), c


def create_tables(conn: sqlite3.Connection, indexes: bool = True) -> None:
    for ddl in TABLES.values():
        conn.execute(ddl)
    if indexes:
        for ddl in INDEXES:
            conn.execute(ddl)


def _trust(conn) -> dict[str, float]:
    return {r[0]: r[1] for r in conn.execute("SELECT publisher, trust FROM publisher_trust")}


class _Writer:
    """Collects the rows of reconciled bundles and writes them in large batches."""

    def __init__(self, conn, seq: int):
        self.conn, self.seq = conn, seq
        self.groups, self.members, self.conflicts = [], [], []

    def add(self, bundle, results) -> None:
        family, metric = bundle
        for g in results:
            published = sorted(c.published_at for c in g.members if c.published_at)
            first = g.members[0]
            self.groups.append((
                g.key, family, metric, json.dumps(g.quals, sort_keys=True), first.kind,
                first.unit, g.status, g.value, g.low, g.high, len(g.members),
                len({c.publisher for c in g.members}), ", ".join(g.sources_for),
                ", ".join(g.sources_against), published[0] if published else None,
                published[-1] if published else None, g.explanation, self.seq))
            cluster_of = {c.claim_id: i for i, cl in enumerate(g.clusters) for c in cl}
            for c in g.members:
                i = cluster_of.get(c.claim_id)
                inferred = "; ".join(x for x in (c.via, c.inferred) if x) or None
                self.members.append((c.claim_id, g.key, family, metric, inferred, i,
                                     int(i is not None and i == g.consensus),
                                     int(c.rank != "deprecated"), c.rank, c.reason, c.lo, c.hi))
            if g.status == "disputed":
                for i, cl in enumerate(g.clusters):
                    self.conflicts.append((
                        g.key, i, _middle(cl), min(c.lo for c in cl),
                        max(c.hi for c in cl), first.unit, ", ".join(sorted(_votes(cl))),
                        len(cl), int(i == g.consensus),
                        " / ".join(sorted({c.value_text for c in cl}))))
        if len(self.members) > 50_000:
            self.flush()

    def flush(self) -> None:
        if self.groups:
            self.conn.executemany("INSERT OR REPLACE INTO metric_groups VALUES "
                                  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.groups)
        if self.members:
            self.conn.executemany("INSERT OR REPLACE INTO group_claims VALUES "
                                  "(?,?,?,?,?,?,?,?,?,?,?,?)", self.members)
        if self.conflicts:
            self.conn.executemany("INSERT OR REPLACE INTO conflicts VALUES "
                                  "(?,?,?,?,?,?,?,?,?,?)", self.conflicts)
        self.groups, self.members, self.conflicts = [], [], []


def _count_trust(results, agreed: dict, total: dict) -> None:
    """Tally, per publisher, contested figures (2+ publishers) and those it got right."""
    for g in results:
        voters = [_votes(cl) for cl in g.clusters]
        publishers = set().union(*voters) if voters else set()
        if len(publishers) < 2:
            continue
        for i, v in enumerate(voters):
            for p in v:
                total[p] = total.get(p, 0) + 1
                if i == g.consensus:
                    agreed[p] = agreed.get(p, 0) + 1


def _store_trust(conn, settings: Settings, agreed: dict, total: dict) -> dict[str, float]:
    """Smoothed share of a publisher's contested figures that landed in the consensus."""
    conn.execute("DELETE FROM publisher_trust")
    trust = {}
    k = settings.trust_strength
    rows = []
    for (p,) in conn.execute("SELECT DISTINCT publisher FROM claims").fetchall():
        prior = settings.trust_prior.get(p, settings.default_trust)
        a, n = agreed.get(p, 0), total.get(p, 0)
        trust[p] = (prior * k + a) / (k + n)
        rows.append((p or "?", prior, a, n, trust[p]))
    conn.executemany("INSERT OR REPLACE INTO publisher_trust VALUES (?,?,?,?,?)", rows)
    return trust


def reconcile(conn: sqlite3.Connection, settings: Settings | None = None,
              full: bool = False) -> int:
    """Recompute the groups touched since the last run (or all). Returns groups written."""
    settings = settings or Settings()
    conn.execute("BEGIN IMMEDIATE")
    try:
        create_tables(conn)
        since = 0 if full else checkpoint(conn, NAME)
        last = conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
        _file_pending_inputs(conn)
        if full or since == 0:
            # a bulk load: drop the tables' indexes, fill them, index them again
            for t in TABLES:
                conn.execute(f"DROP TABLE IF EXISTS {t}")
            create_tables(conn, indexes=False)
            conn.execute("CREATE INDEX IF NOT EXISTS metric_groups_bundle_tmp "
                         "ON metric_groups(family, metric)")
            n = _full(conn, settings, last)
            conn.execute("DROP INDEX metric_groups_bundle_tmp")
            create_tables(conn)
        else:
            n = _incremental(conn, settings, since, last)
        _set_checkpoint(conn, last, NAME)
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'dirty_bundles'").fetchone():
            conn.execute("DELETE FROM dirty_bundles")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return n


def _file_pending_inputs(conn) -> None:
    """Move the claims projected since the last run into the clustered reconcile_inputs."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "pending_inputs" not in tables:
        return
    conn.execute("INSERT OR REPLACE INTO reconcile_inputs SELECT * FROM pending_inputs "
                 "ORDER BY family, base_metric, claim_id")
    conn.execute("DELETE FROM pending_inputs")


def _prior_trust(conn, settings) -> dict[str, float]:
    return {r[0]: settings.trust_prior.get(r[0], settings.default_trust)
            for r in conn.execute("SELECT DISTINCT publisher FROM claims")}


def _bundles(rows):
    """(bundle, claims) for rows ordered by family and base metric."""
    current, claims = None, []
    for row in rows:
        bundle, c = _row_claim(row)
        if bundle != current and claims:
            yield current, claims
            claims = []
        current = bundle
        claims.append(c)
    if claims:
        yield current, claims


def _placed(rows, settings: Settings, trust):
    """(bundle, claims) as _bundles gives them, with the claims of catch-all metrics placed
    (the bundles of a family are consecutive: one family is held at a time)."""
    if not settings.generic_metrics:
        yield from _bundles(rows)
        return
    family, held = None, {}
    for bundle, claims in _bundles(rows):
        if bundle[0] != family and held:
            yield from (((family, m), cs) for m, cs in place_generic(held, settings, trust).items()
                        if cs)
            held = {}
        family = bundle[0]
        held[bundle[1]] = claims
    if held:
        yield from (((family, m), cs) for m, cs in place_generic(held, settings, trust).items()
                    if cs)


def _full(conn, settings, seq) -> int:
    rows = conn.execute(_SELECT + " ORDER BY c.family, c.base_metric").fetchall()
    prior = _prior_trust(conn, settings)
    writer = _Writer(conn, seq)
    contested = []
    agreed: dict[str, int] = {}
    total: dict[str, int] = {}
    n = 0
    for bundle, claims in _placed(rows, settings, prior):
        results = reconcile_bundle(claims, settings, prior)
        _count_trust(results, agreed, total)
        n += len(results)
        if any(len(g.clusters) > 1 for g in results):
            contested.append((bundle, claims))  # written after the trust is known
        else:
            writer.add(bundle, results)
    trust = _store_trust(conn, settings, agreed, total)
    # votes weighted by the trust the first pass earned: only bundles with competing clusters
    # can change (a single cluster is the consensus whatever the weights)
    for bundle, claims in contested:
        for c in claims:
            c.inferred = None
        writer.add(bundle, reconcile_bundle(claims, settings, trust))
    writer.flush()
    return n


def _incremental(conn, settings, since, seq) -> int:
    # the few claims after the checkpoint, found by seq (left to itself, the planner would
    # answer DISTINCT family, base_metric by scanning the whole family index: 0.9 s -> 3.3 s)
    bundles = set(conn.execute(
        "SELECT DISTINCT family, base_metric FROM claims INDEXED BY claims_seq "
        "WHERE seq > ?", (since,)).fetchall())
    # bundles whose claims went away (a new article version, a newer extractor)
    bundles |= set(conn.execute("SELECT family, base_metric FROM dirty_bundles").fetchall())
    bundles |= set(conn.execute(
        "SELECT DISTINCT c.family, c.base_metric FROM events e "
        "JOIN claims c ON c.claim_id = e.key WHERE e.type = 'claim.reviewed' AND e.seq > ?",
        (since,)).fetchall())
    trust = _trust(conn) or _prior_trust(conn, settings)
    bundles = {tuple(b) for b in bundles}  # rows may be sqlite3.Row: one kind of key
    for generic, specifics in settings.generic_metrics.items():
        linked = {generic, *specifics}  # placing a catch-all figure needs all of them
        bundles |= {(f, m) for f, metric in list(bundles) if metric in linked for m in linked}
    keys = sorted(bundles, key=lambda b: (b[0] or "", b[1] or ""))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (family TEXT, metric TEXT)")
    conn.execute("DELETE FROM touched")
    conn.executemany("INSERT INTO touched VALUES (?, ?)", keys)
    rows = conn.execute(
        _SELECT.replace("FROM reconcile_inputs c", "FROM touched t JOIN reconcile_inputs c "
                        "ON c.family = t.family AND c.base_metric = t.metric") +
        " ORDER BY c.family, c.base_metric").fetchall()
    results = [(b, reconcile_bundle(claims, settings, trust))
               for b, claims in _placed(rows, settings, trust)]
    # the touched bundles' old rows go in three statements, their new rows in three more
    conn.executemany("DELETE FROM conflicts WHERE group_key IN (SELECT group_key FROM "
                     "metric_groups WHERE family IS ? AND metric IS ?)", keys)
    conn.executemany("DELETE FROM metric_groups WHERE family IS ? AND metric IS ?", keys)
    conn.executemany("DELETE FROM group_claims WHERE family IS ? AND metric IS ?", keys)
    writer = _Writer(conn, seq)
    for b, res in results:
        writer.add(b, res)
    writer.flush()
    return sum(len(r) for _, r in results)
