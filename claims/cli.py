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

from .errors import USER_ERRORS


def _db_default() -> str:
    return os.environ.get("CLAIMS_DB", "claims.db")


def cmd_demo(args) -> int:
    from . import stages
    from .demo_server import DemoSite
    from .serve import serve
    db = args.db
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    with DemoSite(port=args.site_port) as site:
        print(f"Demo news site at {site.base}/ ; crawling its feeds and sitemap into {db}",
              file=sys.stderr)
        stages.crawl(db, feeds=site.feeds(), sitemaps=site.sitemaps(),
                     settings={"CLAIMS_RUN_ID": "demo"})
    done = stages.extract_pending(db)
    stages.refresh(db)
    snap = stages.publish_snapshot(db, args.out)
    print(f"Extracted {done['claims']} claims from {done['articles']} new articles; "
          f"snapshot at {snap}", file=sys.stderr)
    if args.no_serve:
        return 0
    return serve(snap, port=args.port, public=args.public)


def cmd_crawl(args) -> int:
    from . import stages
    if not (args.feed or args.sitemap or args.url):
        print("error: give at least one --feed, --sitemap or --url", file=sys.stderr)
        return 2
    stats = stages.crawl(args.db, args.feed, args.sitemap, args.url, args.allowed_domain)
    done = stages.extract_pending(args.db)
    stages.refresh(args.db)
    totals = {k: sum(s.get(k, 0) for s in stats["by_source"].values())
              for k in ("pages", "new_articles", "errors")}
    print(f"crawl finished: {totals['pages']} pages, {totals['new_articles']} new articles, "
          f"{totals['errors']} errors; {done['claims']} claims extracted", file=sys.stderr)
    return 0


def cmd_ingest(args) -> int:
    from crawler.ingest import ingest
    from . import stages
    if args.url and len(args.paths) > 1:
        print("error: --url names one file; give one PATH with it", file=sys.stderr)
        return 2

    def progress(name, r):
        print(f"{name}: {r.new_articles} new articles so far, {len(r.errors)} errors",
              file=sys.stderr)
    result = ingest(args.db, args.paths, url=args.url, published=args.published,
                    encoding=args.encoding, progress=None if args.quiet else progress)
    for err in result.errors:
        print(f"error: {err}", file=sys.stderr)
    done = stages.extract_pending(args.db, pack=args.pack, quiet=args.quiet)
    stages.refresh(args.db)
    print(f"ingested {result.records} documents from {result.files} files: "
          f"{result.new_articles} new articles, {result.known} already known, "
          f"{len(result.errors)} errors; {done['claims']} claims extracted", file=sys.stderr)
    return 1 if result.errors else 0


def cmd_extract(args) -> int:
    from extract import extract_claims
    from extract.document import decode
    from extract.errors import ExtractError
    inputs = args.paths or ["-"]
    writer = _claim_writer(args.format)
    for name in inputs:
        if name == "-":
            data, doc = sys.stdin.buffer.read(), "-"
        else:
            path = Path(name)
            if not path.is_file():
                raise ExtractError(f"{name}: no such file")
            data, doc = path.read_bytes(), path.name
        text = decode(data, args.encoding, name=doc)
        for claim in extract_claims(text, html=True if args.html else None, doc=doc,
                                    pack=args.pack):
            writer(claim)
    return 0


def _claim_writer(fmt: str):
    if fmt == "jsonl":
        return lambda c: print(json.dumps(c, ensure_ascii=False))

    def row(c):
        value = c["value_text"]
        print(f"{(c['subject'] or '?')[:28]:28}  {c['metric'][:26]:26}  {c['kind']:9}  {value}")
    return row


def cmd_rebuild(args) -> int:
    from store import EventLog, rebuild
    with EventLog(args.db) as log:
        n = rebuild(log.conn)
    print(f"rebuilt projections from {n} events", file=sys.stderr)
    return 0


def cmd_publish(args) -> int:
    from . import stages
    out = stages.publish_snapshot(args.db, args.out)
    print(f"published {out}", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from . import stages
    from .serve import serve
    snap = Path(args.snapshot) if args.snapshot else stages.publish_snapshot(args.db)
    return serve(snap, port=args.port, public=args.public)


def cmd_status(args) -> int:
    from store import EventLog
    with EventLog(args.db, readonly=True) as log:
        counts = log.count_events(as_of=args.as_of)
        info = {"db": str(args.db), "size_bytes": Path(args.db).stat().st_size,
                "events": counts, "last_seq": log.last_seq()}
    if args.format == "json":
        print(json.dumps(info, indent=2))
    else:
        print(f"{info['db']}: {info['size_bytes']:,} bytes, {info['last_seq']} events")
        for t, n in counts.items():
            print(f"  {t:20} {n}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="claims", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, func, help_):
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=func)
        return sp

    sp = add("demo", cmd_demo, "crawl the bundled demo news site, extract, publish and serve it")
    sp.add_argument("--db", default="demo-log.db", help="the log file (default demo-log.db)")
    sp.add_argument("--out", default="public/demo.db", help="snapshot path (default public/demo.db)")
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

    sp = add("ingest", cmd_ingest, "record local files (.html, .txt, .warc, .warc.gz), then extract")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--url", help="the URL of the (single) file when it does not say")
    sp.add_argument("--published", help="publication date when the files do not say")
    sp.add_argument("--encoding", help="the files' encoding when not UTF-8 or declared")
    sp.add_argument("--pack", default="ai_chips", help="domain pack name or .yml path")
    sp.add_argument("--quiet", action="store_true", help="no progress lines")

    sp = add("extract", cmd_extract, "print the claims in files (or stdin); needs no database")
    sp.add_argument("paths", nargs="*", metavar="PATH")
    sp.add_argument("--html", action="store_true", help="read the input as HTML")
    sp.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    sp.add_argument("--encoding", help="the input's encoding when it is not UTF-8")
    sp.add_argument("--pack", default="ai_chips", help="domain pack name or .yml path")

    sp = add("rebuild", cmd_rebuild, "drop and rebuild every projection from the log")
    sp.add_argument("--db", default=_db_default())

    sp = add("publish", cmd_publish, "write a consistent read-only snapshot for Datasette")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--out", help="snapshot path (default public/<db name>)")

    sp = add("serve", cmd_serve, "serve a snapshot of the log with Datasette")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--snapshot", help="serve this snapshot instead of publishing --db")
    sp.add_argument("--port", type=int, default=8001)
    sp.add_argument("--public", action="store_true", help="canned queries only, robots blocked")

    sp = add("status", cmd_status, "the log's size and event counts")
    sp.add_argument("--db", default=_db_default())
    sp.add_argument("--as-of", help="count only events recorded up to this date or time")
    sp.add_argument("--format", choices=["table", "json"], default="table")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except USER_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
