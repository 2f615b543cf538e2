"""The `claims` command: one thin subcommand per library function.

Exit status: 0 success, 1 an error the user can fix (one clear line, no traceback), 2 usage.
Every subcommand that reads or writes the log takes --db (default claims.db, or $CLAIMS_DB).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .errors import USER_ERRORS, ConfigError


DEMO_DB = "demo-log.db"  # where `claims demo` keeps its log unless told


def _db_default() -> str:
    return os.environ.get("CLAIMS_DB", "claims.db")


def _demo_hint(args, exc: Exception) -> str:
    """A command that found no log at the default path, beside the demo's log, says so; any
    other error (a bad --config, a bad option) says only what is wrong with it."""
    from store.errors import NoSuchLog
    db = getattr(args, "db", None)
    if isinstance(exc, NoSuchLog) and exc.path == db and args.command != "demo" \
            and not getattr(args, "config", None) and db == _db_default() \
            and not Path(db).exists() and Path(DEMO_DB).exists():
        return f" (the demo's log is {DEMO_DB} here: add --db {DEMO_DB})"
    return ""


def cmd_demo(args) -> int:
    from store import EventLog
    from store.status import contents
    from . import stages
    from .demo_server import DemoSite
    from .serve import check_port, serve
    db = args.db
    if not args.no_serve:
        check_port(args.port)  # before the crawl, not after it
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    with DemoSite(port=args.site_port) as site:
        print(f"Demo news site at {site.base}/ ; crawling its feeds and sitemap into {db}",
              file=sys.stderr)
        first = stages.crawl(db, feeds=site.feeds(), sitemaps=site.sitemaps(),
                             settings={"CLAIMS_RUN_ID": "demo"})
        # a day later: one outlet has quietly revised a figure; revisit every known page
        site.revision = 2
        print("Revisiting every known page, as a scheduled run would a day later",
              file=sys.stderr)
        second = stages.crawl(db, feeds=site.feeds(), sitemaps=site.sitemaps(),
                              settings={"CLAIMS_RUN_ID": "demo-revisit",
                                        "CLAIMS_REVISIT_AFTER": 0})
    stages.extract_pending(db)
    # served at /demo; with the default log (demo-log.db) `claims publish` writes this file too
    snap = stages.publish_snapshot(db, args.out or Path(db).parent / "public" / "demo.db")
    with EventLog(db, readonly=True) as log:
        held = contents(log.conn)
    runs = [s for stats in (first, second) for s in stats["by_source"].values()]
    new, revised = (sum(s.get(k, 0) for s in runs) for k in ("new_articles", "revised"))
    print(demo_summary(new, revised, held, db, snap), file=sys.stderr)
    print(f"After a `claims review`, `{claims_command()} publish --db {db} --out {snap}` "
          "updates the running server.", file=sys.stderr)
    if args.no_serve:
        return 0
    print(f"Open http://127.0.0.1:{args.port}/ for the guide (the tables are at "
          f"http://127.0.0.1:{args.port}/{Path(snap).stem}); Ctrl-C stops.", file=sys.stderr)
    return serve(snap, port=args.port, public=args.public)


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def demo_summary(new: int, revised: int, held: dict, db: str, snapshot) -> str:
    """What the demo did and what the user will find, in the counts the tables show."""
    if new or revised:
        did = f"This run recorded {_n(new, 'new article')} and {_n(revised, 'revised version')}."
    else:
        did = "Nothing new: the log already held every article and version of the demo site."
    return (f"{did}\nThe log {db} holds {_n(held['articles'], 'article')} "
            f"({held['revised']} revised since first seen) and {_n(held['claims'], 'claim')} "
            f"from their newest versions: {_n(held['figures'], 'figure')}, "
            f"{held['disputed']} disputed. Snapshot at {snapshot}.\n"
            f"Every command reads it with --db {db} (or CLAIMS_DB={db}), for example:\n"
            f"  {claims_command()} export --db {db} --subject \"NVIDIA H100\" "
            "--metric \"FP16 compute\"")


def claims_command() -> str:
    """How the user can call this command again: `claims` when it is on PATH, else the path of
    the script that is running (`.venv/bin/claims` after `make demo`)."""
    import shutil
    script = Path(sys.argv[0])
    if shutil.which("claims") or script.name != "claims":
        return "claims"
    try:
        return str(script.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(script)


def cmd_crawl(args) -> int:
    from . import stages
    if args.config:
        from .config import load_config
        from .schedule import run_source
        config = load_config(args.config)
        names = [args.source] if args.source else [s.name for s in config.sources]
        results = [run_source(str(config.path), name) for name in names]
        for r in results:
            if "error" in r:
                print(f"error: {r['source']}: {r['error']}", file=sys.stderr)
            else:
                print(f"{r['source']}: {r['pages']} pages, {r['new_articles']} new articles, "
                      f"{r['new_claims']} new claims, {r['errors']} errors", file=sys.stderr)
        return 1 if any("error" in r for r in results) else 0
    if not (args.feed or args.sitemap or args.url):
        print("error: give at least one --feed, --sitemap or --url, or --config", file=sys.stderr)
        return 2
    settings = {"CLAIMS_REVISIT_AFTER": args.revisit_after} if args.revisit_after else {}
    stats = stages.crawl(args.db, args.feed, args.sitemap, args.url, args.allowed_domain,
                         settings=settings)
    done = stages.extract_pending(args.db)
    stages.refresh(args.db)
    totals = {k: sum(s.get(k, 0) for s in stats["by_source"].values())
              for k in ("pages", "new_articles", "revised", "errors")}
    print(f"crawl finished: {totals['pages']} pages, {totals['new_articles']} new articles, "
          f"{totals['revised']} revised, {totals['errors']} errors; {done['claims']} claims "
          f"extracted", file=sys.stderr)
    return 0


def cmd_ingest(args) -> int:
    from . import stages
    from .backfill import backfill, print_progress
    if args.url and len(args.paths) > 1:
        print("error: --url names one file; give one PATH with it", file=sys.stderr)
        return 2
    r = backfill(args.db, args.paths, url=args.url, published=args.published,
                 encoding=args.encoding, pack=args.pack, workers=args.workers,
                 progress=None if args.quiet else print_progress)
    for err in r.errors:
        print(f"error: {err}", file=sys.stderr)
    stages.refresh(args.db, pack=args.pack)
    print(f"ingested {r.documents} documents from {r.files} files in {r.seconds:.1f} s: "
          f"{r.new_articles} new articles, {r.known} already known, {r.claims} claims, "
          f"{len(r.errors)} errors", file=sys.stderr)
    return 1 if r.errors else 0


def cmd_extract(args) -> int:
    from extract.errors import ExtractError
    if args.db:
        args.pack = args.pack or "ai_chips"  # --pack is optional only with --quantities
        return _extract_log(args)
    inputs = args.paths or ["-"]
    for name in inputs:  # every path is checked before any is read
        path = Path(name)
        if name == "-":
            continue
        if path.is_dir():
            raise ExtractError(f"{name}: is a directory; give the files in it "
                               f"(e.g. {name.rstrip('/')}/*.txt)")
        if not path.exists():
            raise ExtractError(f"{name}: no such file")
        if not path.is_file():
            raise ExtractError(f"{name}: not a regular file")
    writer = _claim_writer(args.format)
    for name in inputs:
        n = _extract_one(name, args, writer)
        if n == 0:
            print(f"{name}: no {'quantities' if args.quantities else 'claims'} found",
                  file=sys.stderr)
    return 0


def _extract_log(args) -> int:
    """`claims extract --db LOG`: read the stored text of every article this extractor version
    has not read (all of them after an upgrade), record the claims, advance the projections."""
    from store import EventLog
    from . import stages
    if args.paths:
        print("error: give files to print their claims, or --db to read the log's stored "
              "articles, not both", file=sys.stderr)
        return 2
    EventLog(args.db, readonly=True).close()  # a missing log is an error, not a new one
    done = stages.extract_pending(args.db, pack=args.pack)
    stages.refresh(args.db, pack=args.pack)
    print(f"extracted {done['claims']} claims from {done['articles']} stored articles",
          file=sys.stderr)
    return 0


def cmd_train(args) -> int:
    from extract import train
    out = Path(args.out) if args.out else train.default_model_path()
    model = train.train(Path(args.shared), out, pack=args.pack)
    print(f"wrote {out}: {model['figures']} figures, {model['pairs']} ranked pairs, "
          f"model version {model['version']}", file=sys.stderr)
    return 0


def _iso_date(value: str) -> str:
    """An argparse type: a publication date as YYYY-MM-DD (or YYYY-MM)."""
    import re
    if not re.fullmatch(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?", value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; give it as YYYY-MM-DD")
    return value


LONG_INPUT = 1 << 20  # bytes: longer plain text is streamed, with progress on stderr


def _extract_one(name: str, args, writer) -> int:
    """Print the claims of one input as they are found; the number printed."""
    from extract import extract_claims
    from extract.document import decode, looks_like_html
    from extract.errors import ExtractError
    from extract.pipeline import stream_claims
    from extract.stream import text_blocks
    fh = sys.stdin.buffer if name == "-" else open(name, "rb")
    doc = "-" if name == "-" else Path(name).name
    try:
        head = fh.read(LONG_INPUT)
        if not head.strip():
            raise ExtractError(f"{name}: the input is empty" if not head else
                               f"{name}: the input holds only blank space")
        sample = head[:4096].decode("utf-8", "ignore")
        if args.quantities or args.html or looks_like_html(sample) or \
                len(head) < LONG_INPUT or b"\x00" in head[:8192]:
            # a page, a short text, or UTF-16/32 (or binary: decode says which) is read whole
            text = decode(head + fh.read(), args.encoding, name=doc)
            html = True if args.html else None
            if args.quantities:
                from extract.quantity_mode import extract_quantities
                found = extract_quantities(text, html=html, doc=doc, pack=args.pack)
            else:
                found = extract_claims(text, html=html, doc=doc, pack=args.pack or "ai_chips",
                                       published=getattr(args, "published", None))
            for item in found:
                writer(item)
            return len(found)
        progress = _Progress(name, None if name == "-" else Path(name).stat().st_size)
        blocks = text_blocks(_Chain(head, fh), args.encoding, name=doc, on_read=progress.read)
        n = 0
        for claim in stream_claims(blocks, doc=doc, pack=args.pack or "ai_chips",
                                   published=getattr(args, "published", None),
                                   progress=lambda chars: progress.chunk(chars, n)):
            writer(claim)
            n += 1
        progress.done(n)
        return n
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


class _Chain:
    """A binary stream that first gives back bytes already read from it."""

    def __init__(self, head: bytes, fh):
        self.head, self.fh = head, fh

    def read(self, n: int) -> bytes:
        if self.head:
            out, self.head = self.head[:n], self.head[n:]
            return out
        return self.fh.read(n)


class _Progress:
    """A line on stderr at every tenth of a long input (or every 10 MB of a pipe), measured in
    characters parsed against the file's size in bytes (the same for ASCII text)."""

    def __init__(self, name: str, size: int | None):
        import time
        self.name, self.size, self.bytes = name, size, 0
        self.started = time.monotonic()
        self.shown = 0

    def read(self, n: int) -> None:
        self.bytes = n

    def chunk(self, chars: int, claims: int) -> None:
        import time
        step = (chars * 10 // self.size) if self.size else chars // 10_000_000
        if step > self.shown and (not self.size or chars < self.size):
            self.shown = step
            share = f"{chars / self.size:.0%} of {self.size / 1e6:,.1f} MB" \
                if self.size else f"{chars / 1e6:,.0f} MB"
            print(f"extract: {self.name}: {share} read, {claims:,} claims so far, "
                  f"{time.monotonic() - self.started:,.0f} s", file=sys.stderr, flush=True)

    def done(self, claims: int) -> None:
        import time
        seconds = time.monotonic() - self.started
        print(f"extract: {self.name}: {claims:,} claims from {self.bytes / 1e6:,.1f} MB in "
              f"{seconds:,.0f} s", file=sys.stderr, flush=True)


def _claim_writer(fmt: str):
    from .labels import context_words
    if fmt == "jsonl":
        return lambda c: print(json.dumps(c, ensure_ascii=False), flush=True)

    def row(c):
        if "metric" not in c:  # a quantity (--quantities)
            shown = c.get("value", f"{c.get('low')}-{c.get('high')}")
            print(f"{c['text'][:30]:30}  {shown!s:>14}  {c['unit'][:18]:18}  {c['kind']:9}  "
                  f"{c['change']:4}  {c.get('noun') or ''}")
            return
        value = c["value_text"]
        context = context_words(c.get("qualifiers"))
        print(f"{(c['subject'] or '?')[:28]:28}  {c['metric'][:26]:26}  {c['kind']:9}  "
              f"{value[:24]:24}  {context}".rstrip(), flush=True)
    return row


def cmd_merge(args) -> int:
    from store import EventLog
    from store.merge import merge
    from . import stages
    Path(args.into).parent.mkdir(parents=True, exist_ok=True)
    with EventLog(args.into) as log:
        for shard in args.shards:
            n = merge(log, shard)
            print(f"{shard}: {n} new events", file=sys.stderr)
    stages.refresh(args.into)
    return 0


def cmd_rebuild(args) -> int:
    from . import stages
    n = stages.rebuild_all(args.db)
    print(f"rebuilt projections from {n} events", file=sys.stderr)
    return 0


def _history_rows(args):
    from store import EventLog
    from store.export import history, metrics_of, names
    from . import lookup, stages
    with EventLog(args.db, readonly=True) as log:
        conn = stages.read_connection(log, args.as_of)
        known = names(conn)
        if args.as_of and not known["subjects"]:
            from store.pages import recorded_span
            span = recorded_span(log.conn)
            begins = f"; this log's records begin {span[0][:16].replace('T', ' ')}" if span else ""
            raise ConfigError(f"nothing was recorded by {args.as_of}: --as-of asks what the log "
                              f"knew then, by the time each claim was recorded, not the date "
                              f"its article was published{begins}")
        subj = lookup.subject(args.subject, known["subjects"])
        met = lookup.metric(args.metric, known["metrics"])
        quals = lookup.qualifiers(args.qualifier)
        rows = history(conn, subj, met, quals)
        if not rows:
            lookup.nothing_found(subj, met, quals, metrics_of(conn, subj))
        return subj, met, rows


def cmd_export(args) -> int:
    from store.export import HISTORY_COLUMNS
    if args.gold:
        return _export_gold(args)
    if not (args.subject and args.metric):
        print("error: claims export needs --subject and --metric (or --gold)", file=sys.stderr)
        return 2
    subj, met, rows = _history_rows(args)
    if args.format == "csv":
        import csv
        writer = csv.DictWriter(sys.stdout, fieldnames=HISTORY_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    elif args.format == "json":
        print(json.dumps({"subject": subj, "metric": met, "observations": rows},
                         indent=2, ensure_ascii=False))
    else:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    print(f"{len(rows)} observations of {subj} / {met}", file=sys.stderr)
    return 0


def _export_gold(args) -> int:
    """Reviewed and corrected claims as gold annotations (../shared/eval/gold-format.md)."""
    from store import EventLog
    from store.export import gold_claims
    from . import stages
    stages.refresh(args.db)  # judgements recorded since the last refresh count too
    with EventLog(args.db, readonly=True) as log:
        rows = gold_claims(stages.read_connection(log, args.as_of), negatives=args.negatives)
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    print(f"{sum(1 for r in rows if not r.get('not_a_claim'))} judged claims"
          + (f", {sum(1 for r in rows if r.get('not_a_claim'))} not claims"
             if args.negatives else ""), file=sys.stderr)
    return 0


def cmd_history(args) -> int:
    from .labels import STANDING_WORDS, context_words, inferred_words, standing
    subj, met, rows = _history_rows(args)
    print(f"{subj} / {met}: {len(rows)} observations")
    used = []
    for r in rows:
        stands = standing(r["status"], r["in_consensus"], r["rank"])
        used += [stands] if stands not in used else []
        inferred = inferred_words(r["inferred"]) if r["inferred"] else ""
        extra = ", ".join(x for x in (inferred, r["rank"] if r["rank"] != "normal" else "",
                                      r["review_reason"]) if x)
        print(f"{(r['published_at'] or '?')[:10]}  {(r['publisher'] or '?')[:22]:22}  "
              f"{r['value_text'][:28]:28}  {stands:21}  "
              f"{context_words(r['group_qualifiers'])}"
              f"{'  (' + extra + ')' if extra else ''}")
        print(f"    {r['url']}")
    print("Where each claim stands in its figure: " + "; ".join(
        f"{w}: {STANDING_WORDS.get(w, w)}" for w in used) + ".")
    return 0


def cmd_conflicts(args) -> int:
    from store import EventLog
    from store.export import conflicts
    from . import stages
    with EventLog(args.db, readonly=True) as log:
        rows = conflicts(stages.read_connection(log, args.as_of))
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no disputed figures")
    from .labels import group_label
    for g in rows:
        print(group_label(g["group_key"]))
        for side in g["values"]:
            mark = "consensus" if side["is_consensus"] else "against"
            print(f"    {side['value_texts'][:40]:40} {mark:9}  {side['publishers']}")
        print(f"    {g['explanation']}")
    return 0


def cmd_review(args) -> int:
    from store import EventLog, claim_reviewed, utc_now
    from store.export import claim_ids
    from . import stages
    from .errors import ConfigError
    rank = "preferred" if args.prefer else "deprecated" if args.deprecate else "normal"
    if rank == "deprecated" and not args.reason:
        raise ConfigError("--deprecate needs --reason: say why the figure is wrong")
    with EventLog(args.db) as log:
        stages.refresh(args.db)
        found = claim_ids(log.conn, args.claim_id)
        if len(found) != 1:
            raise ConfigError(f"claim {args.claim_id!r}: " + (
                "no such claim (ids are in the claims table's claim_id column)" if not found
                else f"ambiguous prefix, matches {', '.join(f[:12] for f in found)}"))
        log.append_judgement(claim_reviewed(found[0], rank, args.reason, args.by, utc_now()))
    stages.refresh(args.db)
    print(f"claim {found[0][:12]} marked {rank}", file=sys.stderr)
    return 0


def cmd_desk(args) -> int:
    from .desk import add_user, serve_desk, users_path
    if args.action == "add-user":
        if not args.name:
            print("error: name the reviewer: claims desk add-user NAME", file=sys.stderr)
            return 2
        path = Path(args.users) if args.users else users_path(args.db)
        password = _read_password(args.name)
        new = add_user(path, args.name, password)
        print(f"{'added' if new else 'changed the password of'} reviewer {args.name} "
              f"in {path}", file=sys.stderr)
        return 0
    if args.action or args.name:
        print("error: claims desk [--db PATH] [--port N], or claims desk add-user NAME",
              file=sys.stderr)
        return 2
    return serve_desk(args.db, port=args.port, users_file=args.users)


def _read_password(name: str) -> str:
    """From the terminal (asked twice), or one line of standard input when piped."""
    import getpass
    from .errors import ConfigError
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"password for {name}: ")
    if getpass.getpass("again: ") != first:
        raise ConfigError("the two passwords differ; nothing stored")
    return first


def cmd_publish(args) -> int:
    from . import stages
    out = stages.publish_snapshot(args.db, args.out)
    print(f"published {out}", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from . import stages
    from .serve import serve
    if args.config:  # a server: serve what the scheduler publishes, never write
        from .config import load_config
        snap = load_config(args.config).snapshot
    else:
        snap = Path(args.snapshot) if args.snapshot else stages.publish_snapshot(args.db)
    return serve(snap, port=args.port, public=args.public)


def cmd_schedule(args) -> int:
    import logging
    from .schedule import schedule
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return schedule(args.config, max_runtime=args.max_runtime, run_now=args.run_now)


def cmd_status(args) -> int:
    from store import EventLog
    from store.status import contents, last_run
    db, config = args.db, None
    if args.config:
        from .config import load_config
        config = load_config(args.config)
        db = str(config.database)
    with EventLog(db, readonly=True) as log:
        counts = log.count_events(as_of=args.as_of)
        info = {"db": str(db), "size_bytes": Path(db).stat().st_size,
                "events": counts, "last_seq": log.last_seq(), "sources": {}}
        if not args.as_of:  # the projections hold the present, not a past moment
            info["contents"] = contents(log.conn)
        if config:
            from .schedule import next_runs
            upcoming = next_runs(config)
            for s in config.sources:
                info["sources"][s.name] = {"last_run": last_run(log.conn, s.name),
                                           "next_run": upcoming.get(s.name)}
    if args.format == "json":
        print(json.dumps(info, indent=2))
        return 0
    print(f"{info['db']}: {info['size_bytes']:,} bytes, {info['last_seq']} events")
    if "contents" in info:
        held = info["contents"]
        print(f"  what the tables show: {_n(held['articles'], 'article')} ({held['revised']} "
              f"revised), {_n(held['claims'], 'claim')} from their newest versions, "
              f"{_n(held['figures'], 'figure')}, {held['disputed']} disputed")
    print("  events in the log, superseded claims included:")
    for t, n in counts.items():
        print(f"  {t:20} {n}")
    for name, s in info["sources"].items():
        r = s["last_run"]
        last = (f"last run {r['finished_at'][:19]}: {r['pages']} pages, {r['new_articles']} new "
                f"articles, {r['new_claims']} new claims, {r['errors']} errors ({r['runs']} runs)"
                if r else "never run")
        print(f"{name}: {last}; next run {s['next_run'] or 'not scheduled'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="claims", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, func, help_):
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=func)
        return sp

    sp = add("demo", cmd_demo, "crawl the bundled demo news site, extract, publish and serve it")
    sp.add_argument("--db", default=DEMO_DB, help=f"the log file (default {DEMO_DB})")
    sp.add_argument("--out", help="snapshot path (default public/demo.db beside the log, "
                                  "where claims publish writes the default log's snapshot)")
    sp.add_argument("--port", type=int, default=8001, help="Datasette port (default 8001)")
    sp.add_argument("--site-port", type=int, default=8765,
                    help="port of the demo news site on 127.0.0.1 (default 8765)")
    sp.add_argument("--no-serve", action="store_true", help="stop after publishing")
    sp.add_argument("--public", action="store_true", help="serve with arbitrary SQL off")

    sp = add("crawl", cmd_crawl, "crawl feeds, sitemaps or URLs into the log, then extract")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--feed", action="append", default=[], metavar="URL")
    sp.add_argument("--sitemap", action="append", default=[], metavar="URL")
    sp.add_argument("--url", action="append", default=[], metavar="URL")
    sp.add_argument("--allowed-domain", action="append", default=[], metavar="DOMAIN")
    sp.add_argument("--revisit-after", type=float, metavar="SECONDS",
                    help="fetch known articles again when older than this")
    sp.add_argument("--config", help="crawl the sources of a sources.yml instead")
    sp.add_argument("--source", help="with --config: only this source")

    sp = add("schedule", cmd_schedule, "crawl every source of a sources.yml on its schedule")
    sp.add_argument("--config", required=True)
    sp.add_argument("--run-now", action="store_true", help="run every source once at start")
    sp.add_argument("--max-runtime", type=float, metavar="SECONDS",
                    help="stop after this long (default: run until SIGTERM or Ctrl-C)")

    sp = add("ingest", cmd_ingest,
             "record local files (.html, .txt, .warc, .warc.gz), then extract")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--url", help="the URL of the (single) file when it does not say")
    sp.add_argument("--published", help="publication date when the files do not say")
    sp.add_argument("--encoding", help="the files' encoding when not UTF-8 or declared")
    sp.add_argument("--pack", default="ai_chips", help="domain pack name or .yml path")
    sp.add_argument("--quiet", action="store_true", help="no progress lines")
    sp.add_argument("--workers", metavar="local:N|tcp://HOST:8786",
                    help="read and extract on Dask workers (one writer appends in order)")

    sp = add("extract", cmd_extract, "print the claims in files (or stdin); needs no database; "
             "with --db, read the log's stored articles again after an extractor upgrade")
    sp.add_argument("paths", nargs="*", metavar="PATH")
    sp.add_argument("--db", help="record the claims of the log's stored articles that this "
                                 "extractor version has not read")
    sp.add_argument("--html", action="store_true", help="read the input as HTML")
    sp.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    sp.add_argument("--encoding", help="the input's encoding when it is not UTF-8")
    sp.add_argument("--pack", help="domain pack name or .yml path (default ai_chips; with "
                    "--quantities none, unless given)")
    sp.add_argument("--quantities", action="store_true",
                    help="print every quantity (value, unit, change, counted noun), no pack "
                         "needed; with --pack also the claim's subject and metric")
    sp.add_argument("--published", type=_iso_date, metavar="DATE",
                    help="when the text was published (YYYY-MM-DD): 'this year', 'next "
                         "quarter' are read against it (a page's own date otherwise)")

    sp = add("train", cmd_train,
             "train the figure-to-subject ranker from the gold sets (needs the train extra)")
    sp.add_argument("--shared", default=os.environ.get("CLAIMS_SHARED", "../shared"),
                    help="the folder with seeds/ and eval/ (default ../shared or $CLAIMS_SHARED)")
    sp.add_argument("--out", help="where to write the model (default: the package's own)")
    sp.add_argument("--pack", default="ai_chips", help="domain pack name or .yml path")

    for name, func, help_ in (
            ("export", cmd_export, "every observation of one figure, for analysts"),
            ("history", cmd_history, "the history of one figure as a readable table")):
        sp = add(name, func, help_)
        sp.add_argument("--db", default=_db_default())
        sp.add_argument("--subject", required=name == "history",
                        help="name or alias, any case ('910C')")
        sp.add_argument("--metric", required=name == "history",
                        help="e.g. 'FP16 compute', 'memory bandwidth'")
        sp.add_argument("--qualifier", action="append", default=[], metavar="KEY=VALUE",
                        help="keep groups with this qualifier, e.g. sparsity=dense")
        sp.add_argument("--as-of", help="what was known then (recorded up to this date)")
        if name == "export":
            sp.add_argument("--format", choices=["csv", "json", "jsonl"], default="csv")
            sp.add_argument("--gold", action="store_true",
                            help="instead: every reviewed or corrected claim as a gold "
                                 "annotation (JSON lines), for training the extractor")
            sp.add_argument("--negatives", action="store_true",
                            help="with --gold: also the figures reviewers marked not a claim")

    sp = add("conflicts", cmd_conflicts, "disputed figures, their competing values and sources")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--format", choices=["table", "json"], default="table")
    sp.add_argument("--as-of", help="what was known then (recorded up to this date)")

    sp = add("review", cmd_review, "a fact-checker's judgement of a claim (Wikidata-style rank)")
    sp.add_argument("claim_id", help="the claim id, or a unique prefix of it")
    group = sp.add_mutually_exclusive_group(required=True)
    group.add_argument("--prefer", action="store_true", help="this claim wins its group")
    group.add_argument("--deprecate", action="store_true",
                       help="wrong: stays visible, stops counting")
    group.add_argument("--normal", action="store_true", help="undo an earlier review")
    sp.add_argument("--reason", help="why (required with --deprecate)")
    sp.add_argument("--by", help="who reviewed it")
    sp.add_argument("--db", default=_db_default())

    sp = add("merge", cmd_merge, "append every event of shard logs that the main log lacks")
    sp.add_argument("shards", nargs="+", metavar="SHARD.db")
    sp.add_argument("--into", required=True, metavar="MAIN.db")

    sp = add("rebuild", cmd_rebuild, "drop and rebuild every projection from the log")
    sp.add_argument("--db", default=_db_default())

    sp = add("publish", cmd_publish, "write a consistent read-only snapshot for Datasette")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--out", help="snapshot path (default public/<log name without -log> beside "
                                  "the log: demo-log.db -> public/demo.db)")

    sp = add("serve", cmd_serve, "serve a snapshot of the log with Datasette")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--snapshot", help="serve this snapshot instead of publishing --db")
    sp.add_argument("--config", help="serve the snapshot a sources.yml publishes to")
    sp.add_argument("--port", type=int, default=8001)
    sp.add_argument("--public", action="store_true", help="canned queries only, robots blocked")

    sp = add("desk", cmd_desk, "serve the live log to signed-in reviewers (or add one: "
             "claims desk add-user NAME)")
    sp.add_argument("action", nargs="?", choices=["add-user"], help="add-user: add a reviewer")
    sp.add_argument("name", nargs="?", help="with add-user: the reviewer's name")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--port", type=int, default=8002, help="port on 127.0.0.1 (default 8002)")
    sp.add_argument("--users", metavar="PATH",
                    help="the users file (default: <log name>-desk-users.json beside the log)")

    sp = add("status", cmd_status, "the log's size and event counts; per source with --config")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--config", help="a sources.yml: report each source's last and next run")
    sp.add_argument("--as-of", help="count only events recorded up to this date or time")
    sp.add_argument("--format", choices=["table", "json"], default="table")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except USER_ERRORS as exc:
        print(f"error: {exc}{_demo_hint(args, exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader stopped early (`claims history ... | head`): not an error; send what is
        # still buffered nowhere, so the interpreter's own flush at exit cannot fail either
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
