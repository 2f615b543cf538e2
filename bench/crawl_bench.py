"""Crawl benchmark: pages per minute of the whole road (fetch, main text, date, record in the
log) against a fetch-only Scrapy crawl of the same pages with the same politeness settings, in
the same run. The pages are generated and served on 10 loopback addresses (127.0.0.2-11),
because politeness is per host, as it is when a news crawl visits many outlets.

usage: python bench/crawl_bench.py [--pages 500]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETTINGS = {"CLAIMS_RUN_ID": "bench", "LOG_LEVEL": "ERROR"}


def page(i: int) -> bytes:
    paras = "".join(
        f"<p>Paragraph {k} of story {i}: the Ascend 910C delivers about {500 + i % 300} "
        f"TFLOPS in FP16, while Huawei expects ${i % 20 + 1} billion in AI chip revenue in "
        f"2026 and ships {1000 + i} units to {k + 2} cloud customers.</p>" for k in range(8))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Story {i}</title>"
            f"<meta property='og:site_name' content='Outlet {i % 10}'>"
            f"<meta property='article:published_time' content='2026-05-{1 + i % 28:02d}'>"
            f"</head><body><nav>menu</nav><article><h1>Story {i}</h1>{paras}</article>"
            f"<footer>footer</footer></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        else:
            body, ctype = page(int(self.path.strip("/").split(".")[0])), "text/html"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=500)
    args = ap.parse_args()
    servers = []
    for h in range(2, 12):
        s = ThreadingHTTPServer((f"127.0.0.{h}", 0), Handler)
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servers.append(s)
    urls = [f"http://127.0.0.{2 + i % 10}:{servers[i % 10].server_address[1]}/{i}.html"
            for i in range(args.pages)]
    with tempfile.TemporaryDirectory() as tmp:
        urls_file = Path(tmp) / "urls.txt"
        urls_file.write_text("\n".join(urls))
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "scrapy", "runspider",
                        str(ROOT / "bench" / "fetch_only_spider.py"), "-a",
                        f"urls_file={urls_file}", "-s", "LOG_LEVEL=ERROR", "-s",
                        "SETTINGS_MODULE=crawler.settings"],
                       cwd=ROOT, check=True, env={**__import__("os").environ,
                                                  "SCRAPY_SETTINGS_MODULE": "crawler.settings"})
        fetch_only = time.perf_counter() - t

        from claims import stages
        db = str(Path(tmp) / "log.db")
        from store import EventLog
        EventLog(db).close()
        t = time.perf_counter()
        stats = stages.crawl(db, urls=urls, settings=SETTINGS, quiet=True)
        e2e = time.perf_counter() - t
        pages = stats["by_source"]["urls"]["pages"]
        with EventLog(db) as log:
            recorded = log.count_events().get("article.fetched", 0)
    for s in servers:
        s.shutdown()
    print(f"{args.pages} pages on 10 loopback hosts, politeness as configured "
          "(2 requests per host, AutoThrottle)")
    print(f"fetch-only Scrapy crawl : {args.pages / fetch_only * 60:8.0f} pages/min")
    print(f"end to end (recorded {recorded}/{pages}): {pages / e2e * 60:8.0f} pages/min "
          "(target >= 600)")
    print(f"ratio end-to-end / fetch-only: {(pages / e2e) / (args.pages / fetch_only):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
