"""The fact-checker's desk in a real browser: `claims desk` on a copy of the crawled log, Debian's
chromium driven by Playwright. Sign in, deprecate, correct, sign out; and every refusal: no
sign-in, no CSRF token, a wrong password, a name that is not a reviewer, the public server."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .logs import copy_log
from .servers import ClaimsServe
from . import test_browser  # noqa: F401  (it skips this module when chromium is missing)

PASSWORD = "a long desk password"
SECRET = "desk-test-secret-" + "x" * 20


def _wait_until(check, what: str, ceiling: float = 30.0):
    """Poll `check` until it returns something true; fail after a generous ceiling."""
    deadline = time.monotonic() + ceiling
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def start(command: str, *args: str, env: dict | None = None) -> ClaimsServe:
    """`claims COMMAND ARGS --port 0` (it becomes Datasette), once it answers."""
    return ClaimsServe(*args, command=command, env=env)


def _claims(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claims.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def desk(crawled, tmp_path_factory):
    """`claims desk` on a private copy of the crawled log, with one reviewer, ana."""
    root = tmp_path_factory.mktemp("desk")
    db = root / "desk-log.db"
    copy_log(crawled["db"], db)
    added = _claims("desk", "add-user", "ana", "--db", str(db), stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    with start("desk", "--db", str(db), env={"DATASETTE_SECRET": SECRET}) as served:
        yield {"base": served.base, "db": db, "name": "desk-log", "proc": served.proc}


def _sign_in(page, base, name="ana", password=PASSWORD):
    page.goto(base + "/-/login")
    page.fill("#id_username", name)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_load_state()


def _log(db) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _figure(base, name, key):
    return f"{base}/{name}/figure?" + urlencode({"key": key})


def test_sign_in_deprecate_and_the_figure_page_changes(desk, browser, tmp_path):
    base, db, name = desk["base"], desk["db"], desk["name"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    response = page.goto(base + "/")
    assert page.url.endswith("/-/login"), "an anonymous visitor is asked to sign in"
    page.screenshot(path=str(tmp_path / "sign-in.png"), full_page=True)
    # a wrong password and a name that is not a reviewer are both refused
    for who, password in (("ana", "not the password"), ("mallory", PASSWORD)):
        _sign_in(page, base, who, password)
        assert "Invalid username or password" in page.content()
        assert not [c for c in page.context.cookies() if c["name"] == "ds_actor"]
    _sign_in(page, base)
    assert [c for c in page.context.cookies() if c["name"] == "ds_actor"]

    with _log(db) as conn:
        key = conn.execute("SELECT group_key FROM metric_groups WHERE status = 'disputed' "
                           "ORDER BY group_key LIMIT 1").fetchone()[0]
        against = [r[0] for r in conn.execute(
            "SELECT claim_id FROM group_claims WHERE group_key = ? AND in_consensus = 0 "
            "AND counted = 1", (key,))]
    assert against
    response = page.goto(_figure(base, name, key))
    assert response.status == 200
    assert page.locator(".verdict .badge").inner_text() == "Disputed"
    assert page.locator(".desk-bar .reviewer").inner_text() == "ana"
    assert page.locator("#figure-chart .mark").count() == page.locator(".card").count()
    page.screenshot(path=str(tmp_path / "desk-figure-before.png"), full_page=True)

    for claim_id in against:
        card = page.locator(f"article.card[data-claim='{claim_id}']")
        card.locator("select[name=rank]").select_option("deprecated")
        card.locator(".review-form input[name=reason]").fill("the outlet misread the spec sheet")
        card.locator(".review-form button").click()
        page.wait_for_load_state()
    # the page the reviewer lands on already shows the new verdict: no restart, no publish
    assert page.locator(".verdict .badge").inner_text() != "Disputed"
    for claim_id in against:
        card = page.locator(f"article.card[data-claim='{claim_id}']")
        assert "role-deprecated" in card.get_attribute("class")
        assert "the outlet misread the spec sheet" in card.inner_text()
        assert page.locator(f"#figure-chart .mark.role-deprecated[data-claim='{claim_id}']") \
            .count() == 1
    page.screenshot(path=str(tmp_path / "desk-figure-after.png"), full_page=True)
    with _log(db) as conn:
        events = [json.loads(r[0]) for r in conn.execute(
            "SELECT payload FROM events WHERE type = 'claim.reviewed' ORDER BY seq")]
    assert {e["claim_id"] for e in events} >= set(against)
    assert all(e["by"] == "ana" and e["rank"] == "deprecated" for e in events)


def test_the_sign_in_page_says_what_the_desk_is_and_how_a_reviewer_is_added(desk, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(desk["base"] + "/-/login")
    assert page.locator("h1").inner_text() == "Sign in to the desk"
    intro = page.locator(".desk-intro").inner_text()
    assert "claims desk add-user NAME" in intro and "event log" in intro
    # the form is still the plugin's: it signs a reviewer in
    _sign_in(page, desk["base"])
    assert [c for c in page.context.cookies() if c["name"] == "ds_actor"]
    assert not page.url.endswith("/-/login")
    page.close()


def test_deprecating_without_a_reason_records_nothing(desk, browser):
    base, db, name = desk["base"], desk["db"], desk["name"]
    page = browser.new_page()
    _sign_in(page, base)
    with _log(db) as conn:
        claim_id, key = conn.execute("SELECT claim_id, group_key FROM group_claims "
                                     "ORDER BY claim_id LIMIT 1").fetchone()
        before = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    page.goto(_figure(base, name, key))
    card = page.locator(f"article.card[data-claim='{claim_id}']")
    card.locator("select[name=rank]").select_option("deprecated")
    with page.expect_response(lambda r: r.url.endswith("/desk/review")) as info:
        card.locator(".review-form button").click()
    assert info.value.status == 400
    assert "needs a reason" in page.content()
    with _log(db) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_correct_a_subject_and_the_claim_moves_to_its_new_figure(desk, browser, tmp_path):
    base, db, name = desk["base"], desk["db"], desk["name"]
    with _log(db) as conn:
        # a claim whose article names another subject to move it to
        row = conn.execute(
            "SELECT c.claim_id, c.subject, c.group_key, c.canonical_url, "
            "(SELECT min(o.subject) FROM claims o WHERE o.canonical_url = c.canonical_url "
            " AND o.subject != c.subject AND o.family != c.family) AS other "
            "FROM claims c JOIN group_claims g USING (claim_id) WHERE other IS NOT NULL "
            "ORDER BY c.claim_id LIMIT 1").fetchone()
        extracted_before = conn.execute("SELECT payload FROM events WHERE event_id = ?",
                                        (row["claim_id"],)).fetchone()[0]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, base)
    page.goto(_figure(base, name, row["group_key"]))
    card = page.locator(f"article.card[data-claim='{row['claim_id']}']")
    card.locator("details.correct summary").click()
    form = card.locator("form.correct-form")
    form.locator("input[value=subject]").check()
    form.locator("select[name=subject]").select_option(row["other"])
    form.locator("input[name=reason]").fill("the figure is the other product's")
    page.screenshot(path=str(tmp_path / "desk-correct-form.png"), full_page=True)
    form.locator("button").click()
    page.wait_for_load_state()
    # the reviewer lands on the claim's new figure, and the claim is there
    with _log(db) as conn:
        new_key = conn.execute("SELECT group_key FROM claims WHERE claim_id = ?",
                               (row["claim_id"],)).fetchone()[0]
        family = conn.execute("SELECT family FROM claims WHERE claim_id = ?",
                              (row["claim_id"],)).fetchone()[0]
    assert new_key != row["group_key"]
    assert page.locator("h1").inner_text().startswith(family)
    moved = page.locator(f"article.card[data-claim='{row['claim_id']}']")
    assert moved.count() == 1 and "Corrected by ana" in moved.inner_text()
    page.screenshot(path=str(tmp_path / "desk-corrected.png"), full_page=True)
    old = page.goto(_figure(base, name, row["group_key"]))
    assert old.status == 404 or page.locator(
        f"article.card[data-claim='{row['claim_id']}']").count() == 0
    # the log keeps both: the extracted event untouched, the correction naming its reviewer
    with _log(db) as conn:
        assert conn.execute("SELECT payload FROM events WHERE event_id = ?",
                            (row["claim_id"],)).fetchone()[0] == extracted_before
        fix = json.loads(conn.execute("SELECT payload FROM events WHERE type = "
                                      "'claim.corrected' ORDER BY seq DESC").fetchone()[0])
    assert fix["by"] == "ana" and fix["subject"] == row["other"]
    assert fix["claim_id"] == row["claim_id"] and fix["correction"] == "subject"


def test_sign_out_then_the_desk_asks_to_sign_in_again(desk, browser, tmp_path):
    base, name = desk["base"], desk["name"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, base)
    page.screenshot(path=str(tmp_path / "desk-home.png"), full_page=True)
    page.goto(f"{base}/{name}/claims")
    assert page.url.endswith("/claims")
    page.screenshot(path=str(tmp_path / "desk-claims.png"))
    # the desk's claims carry their figure's verdict, as the snapshot's do
    statuses = page.locator("table.rows-and-columns td.col-status").all_inner_texts()
    assert statuses and all(s.strip() for s in statuses)
    page.goto(base + "/-/logout")
    page.locator("form[action$='/-/logout'] input[type=submit]").click()
    page.wait_for_load_state()
    assert not [c for c in page.context.cookies() if c["name"] == "ds_actor"]
    page.goto(f"{base}/{name}/claims")
    assert page.url.endswith("/-/login")


def test_a_reviewer_added_while_the_desk_runs_signs_in_without_a_restart(desk, browser):
    """Regression (issue 14's review): `claims desk add-user` wrote the users file, but the
    running desk knew only the reviewers it started with; bea could not sign in until a
    restart. A changed password counts at once too."""
    base, db, name = desk["base"], desk["db"], desk["name"]
    page = browser.new_page()
    _sign_in(page, base, "bea", "bea's first password")
    assert "Invalid username or password" in page.content()  # not a reviewer yet
    added = _claims("desk", "add-user", "bea", "--db", str(db), stdin="bea's first password\n")
    assert added.returncode == 0 and "added reviewer bea" in added.stderr
    _sign_in(page, base, "bea", "bea's first password")
    page.goto(f"{base}/{name}/claims")
    assert not page.url.endswith("/-/login")
    page.goto(_figure(base, name, _a_group(db)))
    assert page.locator(".desk-bar .reviewer").inner_text() == "bea"
    # bea's review is recorded under her name
    page.goto(base + "/-/login")
    token = page.locator("input[name=csrftoken]").first.get_attribute("value")
    claim = _a_claim(db)
    response = page.request.post(base + "/desk/review", form={
        "csrftoken": token, "claim_id": claim, "rank": "normal", "database": name})
    assert response.ok, response.text()
    with _log(db) as conn:
        by = conn.execute("SELECT json_extract(payload, '$.by') FROM events WHERE type = "
                          "'claim.reviewed' ORDER BY seq DESC").fetchone()[0]
    assert by == "bea"
    # a new password replaces the old one on the running desk
    changed = _claims("desk", "add-user", "bea", "--db", str(db),
                      stdin="bea's second password\n")
    assert changed.returncode == 0 and "changed the password of reviewer bea" in changed.stderr
    fresh = browser.new_page()
    _sign_in(fresh, base, "bea", "bea's first password")
    assert "Invalid username or password" in fresh.content()
    _sign_in(fresh, base, "bea", "bea's second password")
    assert "Invalid username or password" not in fresh.content()
    fresh.goto(_figure(base, name, _a_group(db)))
    assert fresh.locator(".desk-bar .reviewer").inner_text() == "bea"
    # the running desk never restarted
    assert desk["proc"].poll() is None


def _a_group(db) -> str:
    with _log(db) as conn:
        return conn.execute("SELECT group_key FROM metric_groups ORDER BY group_key").fetchone()[0]


def _a_claim(db) -> str:
    with _log(db) as conn:
        return conn.execute("SELECT claim_id FROM claims ORDER BY claim_id").fetchone()[0]


def test_a_write_without_sign_in_is_refused(desk):
    form = urlencode({"claim_id": _a_claim(desk["db"]), "rank": "preferred",
                      "database": desk["name"]}).encode()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(desk["base"] + "/desk/review", data=form, timeout=10)
    assert err.value.code == 403


def test_a_form_without_the_csrf_token_is_refused(desk, browser):
    base, db = desk["base"], desk["db"]
    page = browser.new_page()
    _sign_in(page, base)
    with _log(db) as conn:
        before = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    # signed in (cookies sent), but the form carries no csrftoken field
    response = page.request.post(base + "/desk/review", form={
        "claim_id": _a_claim(db), "rank": "preferred", "database": desk["name"]})
    assert response.status == 403
    with _log(db) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_a_session_of_a_name_that_is_not_a_reviewer_is_refused(desk, browser):
    """A cookie signed with the desk's secret for 'mallory', who is no user of the desk, and a
    form naming another reviewer than the one signed in: both refused."""
    from datasette.app import Datasette
    base, db = desk["base"], desk["db"]
    forged = Datasette([], secret=SECRET).sign({"a": {"id": "mallory"}}, "actor")
    context = browser.new_context()
    context.add_cookies([{"name": "ds_actor", "value": forged, "url": base}])
    page = context.new_page()
    page.goto(base + "/-/login")
    token = page.locator("input[name=csrftoken]").first.get_attribute("value")
    response = page.request.post(base + "/desk/review", form={
        "csrftoken": token, "claim_id": _a_claim(db), "rank": "preferred",
        "database": desk["name"]})
    assert response.status == 403 and "mallory is not a reviewer" in response.text()
    context.close()

    page = browser.new_page()
    _sign_in(page, base)
    page.goto(base + "/-/login")
    token = page.locator("input[name=csrftoken]").first.get_attribute("value")
    response = page.request.post(base + "/desk/review", form={
        "csrftoken": token, "claim_id": _a_claim(db), "rank": "preferred",
        "database": desk["name"], "reviewer": "someone-else"})
    assert response.status == 403 and "not someone-else" in response.text()


@pytest.fixture
def public(crawled, tmp_path):
    """`claims serve --public` on a snapshot in its own folder (this test republishes it)."""
    snapshot = tmp_path / "public" / "demo.db"
    snapshot.parent.mkdir()
    shutil.copy(crawled["snapshot"], snapshot)
    with start("serve", "--snapshot", str(snapshot), "--public") as served:
        yield {"base": served.base, "snapshot": snapshot, "proc": served.proc}


@pytest.mark.parametrize("path", ["/desk/review", "/desk/correct", "/-/login", "/-/logout",
                                  "/demo/claims", "/demo/-/insert", "/demo/figure"])
def test_the_public_server_refuses_every_write(public, path):
    form = urlencode({"claim_id": "x", "rank": "preferred", "username": "ana",
                      "password": PASSWORD}).encode()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(public["base"] + path, data=form, timeout=10)
    assert err.value.code in (403, 404, 405)


def test_the_public_server_has_no_sign_in(public):
    for path in ("/-/login", "/desk/review"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(public["base"] + path, timeout=10)
        assert err.value.code in (403, 404)


def test_the_public_server_serves_a_new_snapshot_without_restart(public, crawled_copy):
    """A review, then `claims publish` over the served file: the running server shows it."""
    base, snapshot = public["base"], public["snapshot"]
    with _log(crawled_copy) as conn:
        claim_id, key = conn.execute(
            "SELECT claim_id, group_key FROM group_claims WHERE inferred IS NULL "
            "ORDER BY claim_id LIMIT 1").fetchone()
    figure = f"{base}/demo/figure?" + urlencode({"key": key})
    mark = f'class="mark role-preferred" data-claim="{claim_id}"'
    assert mark not in urllib.request.urlopen(figure, timeout=10).read().decode()
    done = _claims("review", claim_id, "--prefer", "--by", "ana", "--db", str(crawled_copy))
    assert done.returncode == 0, done.stderr
    done = _claims("publish", "--db", str(crawled_copy), "--out", str(snapshot))
    assert done.returncode == 0, done.stderr
    _wait_until(lambda: mark in urllib.request.urlopen(figure, timeout=10).read().decode(),
                "the served figure to show the review", 30)
    assert public["proc"].poll() is None  # the same process: no restart


def test_correct_a_metric_and_mark_a_figure_not_a_claim(desk, browser):
    base, db, name = desk["base"], desk["db"], desk["name"]
    with _log(db) as conn:
        first, second = conn.execute(
            "SELECT c.claim_id, c.group_key, c.canonical_url FROM claims c "
            "JOIN group_claims g USING (claim_id) WHERE g.inferred IS NULL AND c.kind = 'money' "
            "ORDER BY c.claim_id LIMIT 2").fetchall()
    page = browser.new_page()
    _sign_in(page, base)
    page.goto(_figure(base, name, first["group_key"]))
    card = page.locator(f"article.card[data-claim='{first['claim_id']}']")
    card.locator("details.correct summary").click()
    form = card.locator("form.correct-form")
    form.locator("input[value=metric]").check()
    form.locator("input[name=metric]").fill("data center capex")
    form.locator("input[name=qualifiers]").fill("period=2031")
    form.locator("button").click()
    page.wait_for_load_state()
    assert "data center capex" in page.locator("h1").inner_text()
    assert "period: 2031" in page.locator(".qualifiers").inner_text()
    assert page.locator(f"article.card[data-claim='{first['claim_id']}']").count() == 1

    page.goto(_figure(base, name, second["group_key"]))
    card = page.locator(f"article.card[data-claim='{second['claim_id']}']")
    card.locator("details.correct summary").click()
    form = card.locator("form.correct-form")
    form.locator("input[value=not_a_claim]").check()
    form.locator("input[name=reason]").fill("a headline's page number")
    form.locator("button").click()
    page.wait_for_load_state()
    # the claim has left every figure; the reviewer lands on its article (or its old figure)
    assert page.locator(f"article.card[data-claim='{second['claim_id']}']").count() == 0
    with _log(db) as conn:
        assert conn.execute("SELECT count(*) FROM group_claims WHERE claim_id = ?",
                            (second["claim_id"],)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM events WHERE event_id = ?",
                            (second["claim_id"],)).fetchone()[0] == 1
        kinds = {r[0]: json.loads(r[1]) for r in conn.execute(
            "SELECT key, payload FROM events WHERE type = 'claim.corrected'")}
    assert kinds[first["claim_id"]]["metric"] == "data center capex"
    assert kinds[first["claim_id"]]["qualifiers"] == {"period": "2031"}
    assert kinds[second["claim_id"]]["correction"] == "not_a_claim"
    assert all(k["by"] == "ana" for k in kinds.values())
    # the desk projected and reconciled those writes without loading the extractor's spaCy
    if Path(f"/proc/{desk['proc'].pid}/maps").exists():
        assert "/spacy/" not in Path(f"/proc/{desk['proc'].pid}/maps").read_text()


def test_the_desk_unit_runs_a_real_command_on_the_deployed_log():
    import shlex
    from claims.cli import build_parser
    from claims.config import load_config
    root = Path(__file__).resolve().parents[1]
    text = (root / "deploy" / "claims-desk.service").read_text()
    line = next(ln for ln in text.splitlines() if ln.startswith("ExecStart="))
    argv = shlex.split(line.split("=", 1)[1])
    args = build_parser().parse_args(argv[1:])
    assert args.command == "desk" and args.action is None
    config = load_config(root / "deploy" / "sources.yml")
    assert Path(args.db).name == config.database.name
    assert "ReadWritePaths=/srv/claims-tracker/data" in text
