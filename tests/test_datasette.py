"""datasette/: the published snapshot served by Datasette's own test client."""
from __future__ import annotations

import asyncio
import re
import sqlite3

import pytest
from claims.serve import datasette_app


def _client(snapshot, public=False):
    return datasette_app(snapshot, public)


def _get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_claims_are_served_with_article_url_and_date(crawled):
    ds = _client(crawled["snapshot"])
    r = _get(ds, "/demo/claims.json?_shape=array&_size=max")
    assert r.status_code == 200
    rows = r.json()
    assert len(rows) >= 30
    assert all(row["url"].startswith("http://127.0.0.1:") for row in rows)
    assert all(row["published_at"] and row["published_at"].startswith("2026-") for row in rows)


def test_home_page_says_what_the_tracker_holds(crawled):
    r = _get(_client(crawled["snapshot"]), "/")
    assert r.status_code == 200
    assert "Every numeric claim" in r.text and "/demo/claims" in r.text


def test_table_descriptions_come_from_metadata(crawled):
    r = _get(_client(crawled["snapshot"]), "/demo/claims")
    assert r.status_code == 200
    assert "Every figure read from the newest version" in r.text


def test_full_text_search_over_quotes(crawled):
    rows = _get(_client(crawled["snapshot"]),
                "/demo/claims.json?_search=sparsity&_shape=array").json()
    assert rows and all("sparsity" in r["quote"].lower() for r in rows)


def test_public_mode_turns_off_arbitrary_sql(crawled):
    r = _get(_client(crawled["snapshot"], public=True),
             "/demo.json?sql=select+count(*)+from+events")
    assert r.status_code == 403


def test_snapshot_is_consistent_and_separate_from_the_log(crawled, crawled_copy, tmp_path):
    conn = sqlite3.connect(f"file:{crawled['snapshot']}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n_snapshot = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    log = sqlite3.connect(crawled["db"])
    assert n_snapshot == log.execute("SELECT count(*) FROM claims").fetchone()[0] > 0
    # what the log learns after a publish does not reach the published snapshot
    from claims import stages
    from store import EventLog, article_fetched, sha256_hex
    snap = stages.publish_snapshot(str(crawled_copy), str(tmp_path / "public" / "copy.db"))
    count = "SELECT count(*) FROM articles"
    published = sqlite3.connect(f"file:{snap}?mode=ro", uri=True).execute(count).fetchone()[0]
    with EventLog(crawled_copy) as copy:
        url = "https://example.org/after-the-publish"
        copy.append([article_fetched({"url": url, "canonical_url": url, "text": "New.",
                                      "text_sha256": sha256_hex("New.")})])
    stages.refresh(str(crawled_copy))
    assert sqlite3.connect(crawled_copy).execute(count).fetchone()[0] == published + 1
    assert sqlite3.connect(f"file:{snap}?mode=ro", uri=True).execute(count).fetchone()[0] == \
        published


QUERIES = ["metric_history", "disputed", "consensus_for_subject", "who_said_it_first",
           "changed_figures", "known_as_of", "new_conflicts"]
PARAMS = {"metric_history": "subject=NVIDIA+H100&metric=memory+bandwidth",
          "consensus_for_subject": "subject=NVIDIA+H100", "known_as_of": "date=2100-01-01"}


@pytest.mark.parametrize("query", QUERIES)
def test_every_canned_query_answers(revisited, query):
    ds = _client(revisited["snapshot"])  # both crawls: the revisit gives changed_figures a row
    r = _get(ds, f"/demo/{query}.json?_shape=array&{PARAMS.get(query, '')}")
    assert r.status_code == 200, r.text[:500]
    assert r.json(), query
    html = _get(ds, f"/demo/{query}?{PARAMS.get(query, '')}")
    assert html.status_code == 200


def _revised_figure(db):
    """(subject, metric, old value, new value) of the figure the demo's revisit found changed."""
    rows = sqlite3.connect(db).execute(
        "SELECT subject, metric, old_value, new_value FROM figure_changes").fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_as_of_across_the_revisit_through_the_canned_query(revisited):
    subject, metric, old, new = _revised_figure(revisited["db"])
    assert (old, new) == (450000, 600000)
    ds = _client(revisited["snapshot"])

    def known(moment):
        rows = _get(ds, "/demo/known_as_of.json?_shape=array&date=" + moment).json()
        return sorted(r["value"] for r in rows if (r["subject"], r["metric"]) == (subject, metric))
    assert known(revisited["between"]) == [450000]  # between the crawls
    assert known(revisited["after"]) == [600000]    # after the revisit: the revised figure only
    assert known(revisited["after"][:10]) == [600000]  # a date is the end of that day
    assert known("2000-01-01") == []


def test_as_of_across_the_revisit_through_claims_export(revisited):
    import json
    import subprocess
    import sys
    subject, metric, _, _ = _revised_figure(revisited["db"])

    def exported(moment):
        p = subprocess.run([sys.executable, "-m", "claims.cli", "export", "--db",
                            revisited["db"], "--subject", subject, "--metric", metric,
                            "--as-of", moment, "--format", "json"],
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        return [o["value"] for o in json.loads(p.stdout)["observations"]]
    assert exported(revisited["between"]) == [450000]
    assert exported(revisited["after"]) == [600000]


def test_metric_history_has_a_chart_mark_per_claim(crawled):
    ds = _client(crawled["snapshot"])
    params = PARAMS["metric_history"]
    rows = _get(ds, f"/demo/metric_history.json?_shape=array&{params}").json()
    html = _get(ds, f"/demo/metric_history?{params}").text
    assert html.count('class="mark') == len(rows) == 3
    assert html.count('class="mark disputed"') == 1  # 1.5 TB/s against the consensus
    assert 'id="metric-history-chart"' in html
    # its value axis steps in round figures (1 TB/s, 2 TB/s ...), from zero over the largest
    ticks = re.findall(r'class="y-tick"[^>]*>([^<]*)<', html)
    assert ticks[0] == "0" and ticks[1:] == [f"{i} TB/s" for i in range(1, len(ticks))], ticks
    assert len(ticks) >= 4


def test_quotes_highlight_the_figure_and_urls_are_links(crawled):
    html = _get(_client(crawled["snapshot"]), "/demo/claims?_search=sparsity").text
    assert "<mark>" in html
    # the address columns are folded away: the headline links our Article page and the outlet
    assert 'class="source-link">at the outlet</a>' in html
    assert 'class="article-link"' in html


def test_disputed_query_names_the_planted_conflict(crawled):
    rows = _get(_client(crawled["snapshot"]), "/demo/disputed.json?_shape=array").json()
    keys = {r["group_key"] for r in rows}
    assert "NVIDIA H100 | memory bandwidth | form_factor=SXM" in keys


def test_atom_feed_of_new_conflicts(crawled):
    r = _get(_client(crawled["snapshot"]), "/demo/new_conflicts.atom")
    assert r.status_code == 200
    assert "<feed" in r.text and "Disputed: NVIDIA H100 · memory bandwidth (SXM)" in r.text


def test_claims_facets_include_status_and_year(crawled):
    data = _get(_client(crawled["snapshot"]), "/demo/claims.json?_facet=status&_facet=year"
                "&_facet=subject").json()
    facets = data["facet_results"]
    assert {"status", "year", "subject"} <= set(facets)
    assert any(v["value"] == "disputed" for v in facets["status"]["results"])
    assert {v["value"] for v in facets["year"]["results"]} == {"2026"}


def test_csv_export_streams_every_row(crawled):
    import csv
    import io
    r = _get(_client(crawled["snapshot"]), "/demo/claims.csv?_stream=on&_size=max")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    n = _get(_client(crawled["snapshot"]), "/demo.json?sql=select+count(*)+as+n+from+claims"
             "&_shape=array").json()[0]["n"]
    assert len(rows) == n


def test_public_robots_txt_blocks_crawlers(crawled):
    assert "Disallow: /" in _get(_client(crawled["snapshot"], public=True), "/robots.txt").text
    assert "Disallow" not in _get(_client(crawled["snapshot"]), "/robots.txt").text


def test_public_canned_queries_still_work(crawled):
    r = _get(_client(crawled["snapshot"], public=True), "/demo/disputed.json?_shape=array")
    assert r.status_code == 200 and r.json()


INTERNAL = {"meta", "blobs", "projection_state", "dirty_bundles", "reconcile_inputs",
            "pending_inputs"}


def test_every_table_and_column_is_described(crawled):
    """Docs beside code: a table or column without a description in metadata.yml fails here."""
    import yaml
    from claims.serve import config_dir
    meta = yaml.safe_load((config_dir() / "metadata.yml").read_text())["databases"]["{db}"]
    tables = meta["tables"]
    conn = sqlite3.connect(crawled["snapshot"])
    missing = []
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if name.startswith("sqlite_") or "_fts" in name:
            continue
        info = tables.get(name)
        if info is None or not info.get("description"):
            missing.append(name)
            continue
        if name in INTERNAL:
            assert info.get("hidden"), f"{name} should be hidden from browsing"
            continue
        described = info.get("columns") or {}
        missing += [f"{name}.{c[1]}" for c in conn.execute(f"PRAGMA table_info({name})")
                    if not described.get(c[1])]
    assert not missing, f"describe these in datasette/metadata.yml: {missing}"


def test_home_page_links_lead_somewhere(crawled):
    import re
    ds = _client(crawled["snapshot"])
    html = _get(ds, "/").text
    links = set(re.findall(r'href="(/demo/[^"]+)"', html))
    assert {"/demo/disputed", "/demo/claims", "/demo/new_conflicts.atom"} <= {
        link.split("?")[0] for link in links}
    for link in links:
        assert _get(ds, link.replace("&amp;", "&")).status_code == 200, link


def test_atom_feed_takes_dates_without_a_time_zone(crawled_copy, tmp_path):
    """Regression: a disputed figure last published on a date without a time zone (a .txt that
    says "December 16, 2026") made the Atom feed answer 500."""
    import subprocess
    import sys
    note = tmp_path / "note.txt"
    note.write_text("Bandwidth notes\n\nDecember 16, 2026\n\nThe NVIDIA H100 SXM moves 1.5 TB/s "
                    "of memory bandwidth, by this outlet's count.\n", encoding="utf-8")
    run = [sys.executable, "-m", "claims.cli"]
    subprocess.run(run + ["ingest", str(note), "--url", "http://notes.example/h100",
                          "--db", str(crawled_copy), "--quiet"], check=True, capture_output=True)
    out = tmp_path / "public" / "demo.db"
    subprocess.run(run + ["publish", "--db", str(crawled_copy), "--out", str(out)], check=True,
                   capture_output=True)
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT count(*) FROM metric_groups WHERE status = 'disputed' AND "
                        "last_published = '2026-12-16'").fetchone()[0] >= 1
    r = _get(_client(out), "/demo/new_conflicts.atom")
    assert r.status_code == 200, r.text[:300]
    assert "<updated>2026-12-16T00:00:00+00:00</updated>" in r.text


def test_a_history_page_s_hints_do_not_scan_every_claim(crawled):
    """bench/datasette_bench.py: the history page (HTML) took 0.64 s at 200,000 claims, because
    the hint of a subject's metrics (store.pages.metrics_of_subject, read on every history page)
    asked `subject = ? OR family = ?` and walked the whole claims table; by the subject and
    family indexes it is 14 ms."""
    import sqlite3
    from store.pages import metrics_of_subject
    conn = sqlite3.connect(f"file:{crawled['snapshot']}?mode=ro", uri=True)
    statements = []
    conn.set_trace_callback(statements.append)
    assert "FP16 compute" in metrics_of_subject(conn, "NVIDIA H100")
    conn.set_trace_callback(None)
    plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + statements[-1])]
    # every read of a table is a look-up of equal keys (not a walk of a whole index, which the
    # old `metric IS NOT NULL` made: SEARCH claims USING INDEX claims_facet_metric (metric>?))
    reads = [step for step in plan if step.startswith(("SCAN", "SEARCH")) and step != "SCAN ids"]
    assert reads and all(step.endswith("=?)") for step in reads), plan


def test_the_history_s_selection_is_written_once(tmp_path):
    """The web's history and `claims history` chose their claims by two texts of SQL (kept equal
    by a test of four spellings); the canned query now names store's selection, which
    claims/serve.py writes in: one definition, and no placeholder left unfilled."""
    import re

    import yaml
    from claims.serve import config_dir, metadata_for
    from store.export import HISTORY_GROUPS
    raw = yaml.safe_load((config_dir() / "metadata.yml").read_text())
    written = raw["databases"]["{db}"]["queries"]["metric_history"]["sql"]
    assert "{history_groups}" in written and "group_claims g2" not in written
    served = metadata_for(tmp_path / "demo.db", public=True)["databases"]["demo"]["queries"]
    assert HISTORY_GROUPS in served["metric_history"]["sql"]
    left = {name: re.findall(r"\{[a-z_]+\}", q["sql"]) for name, q in served.items()}
    assert not any(left.values()), left


def test_render_cell_passes_at_once_only_the_columns_it_never_words():
    """render_cell returns at once for a column outside RENDERED (a page of 100 claims asks for
    3,200 cells); a column the function words but RENDERED forgot would silently show raw."""
    import ast
    from pathlib import Path
    tree = ast.parse((Path(__file__).resolve().parents[1] / "datasette" / "plugins" /
                      "pages.py").read_text())
    consts = {n.targets[0].id: n.value for n in tree.body if isinstance(n, ast.Assign)
              and isinstance(n.targets[0], ast.Name)}

    def names(node) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, (ast.Tuple, ast.Set, ast.List)):
            return set().union(*(names(e) for e in node.elts))
        if isinstance(node, ast.Starred):
            return names(node.value)
        if isinstance(node, ast.Name) and node.id in consts:
            return names(consts[node.id])
        if isinstance(node, ast.Call) and node.args:  # frozenset({...})
            return names(node.args[0])
        return set()
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "render_cell")
    worded = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) \
                and node.left.id == "column" and isinstance(node.ops[0], (ast.Eq, ast.In)):
            worded |= names(node.comparators[0])
    rendered = names(consts["RENDERED"])
    assert {"quote", "value", "published_at", "figure"} <= worded
    assert worded <= rendered, worded - rendered


def test_the_web_server_freezes_what_it_loads_before_its_first_request(crawled):
    """Every full garbage collection walked the server's whole heap (spaCy's included, loaded
    by the name lookup's pack): one request in ten or so took twice the median. What the
    server loads is loaded at start-up and frozen; requests, a history asked with another
    spelling included, leave few objects for the collector to walk."""
    import subprocess
    import sys
    code = (
        "import asyncio, gc, sys\n"
        "from pathlib import Path\n"
        "from claims.serve import datasette_app\n"
        f"ds = datasette_app(Path({str(crawled['snapshot'])!r}), public=True)\n"
        "async def run():\n"
        "    await ds.invoke_startup()\n"
        "    print(gc.get_freeze_count())\n"
        "    for path in ['/', '/demo/claims', '/demo/metric_groups', '/demo/disputed',\n"
        "                 '/demo/metric_history?subject=h100&metric=fp16+compute']:\n"
        "        r = await ds.client.get(path)\n"
        "        assert r.status_code in (200, 302), (path, r.status_code)\n"
        "asyncio.run(run())\n"
        "gc.collect()\n"
        "print(len(gc.get_objects()))\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    frozen, walked = map(int, p.stdout.split())
    assert frozen > 50_000 and walked < frozen // 4, (frozen, walked)
