"""The fact-checker's view in a real browser: Debian's chromium driven by Playwright, against
`claims serve` on 127.0.0.1 (never `playwright install`: the browser comes from apt)."""
from __future__ import annotations

import csv
import os
import shutil
import urllib.request
from pathlib import Path

import pytest

from .servers import ClaimsServe

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing: .ci/run installs it with apt-get")
    pytest.skip("needs Debian's chromium (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(crawled):
    with ClaimsServe("--snapshot", str(crawled["snapshot"])) as served:
        yield served.base


def test_metric_history_chart_source_link_and_csv(server, browser, tmp_path):
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{server}/demo/metric_history?subject=NVIDIA+H100&metric=FP16+compute")
    rows = page.locator("table.rows-and-columns tbody tr")
    marks = page.locator("#metric-history-chart .mark")
    assert rows.count() >= 4
    assert marks.count() == rows.count()
    page.screenshot(path=str(tmp_path / "metric-history.png"), full_page=True)
    assert (tmp_path / "metric-history.png").stat().st_size > 10_000

    # the CSV of the same query, downloaded and parsed
    href = page.locator("a[href*='.csv']").first.get_attribute("href")
    with page.expect_download() as info:
        page.evaluate("""href => { const a = document.createElement('a');
            a.href = href + (href.includes('?') ? '&' : '?') + '_dl=1';
            document.body.appendChild(a); a.click(); }""", href)
    path = tmp_path / "history.csv"
    info.value.save_as(str(path))
    with path.open(newline="", encoding="utf-8") as fh:
        data = list(csv.DictReader(fh))
    assert len(data) == rows.count()
    assert all(r["url"].startswith("http://127.0.0.1:") for r in data)

    # click through to a claim's source
    link = page.locator("a.source-link").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    assert page.url.split("?")[0] == target.split("?")[0]
    assert page.locator("article h1").count() == 1


def test_public_server_refuses_arbitrary_sql_in_the_browser(crawled, browser):
    with ClaimsServe("--snapshot", str(crawled["snapshot"]), "--public") as served:
        base = served.base
        page = browser.new_page()
        response = page.goto(f"{base}/demo?sql=select+*+from+events")
        assert response.status == 403
        response = page.goto(f"{base}/demo/disputed")
        assert response.status == 200 and "1.5 TB/s" in page.content()
        assert "Disallow: /" in urllib.request.urlopen(base + "/robots.txt").read().decode()
