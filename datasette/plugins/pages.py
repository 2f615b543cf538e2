"""Pages for judging figures (loaded with --plugins-dir datasette/plugins).

- /<db>/figure?key=GROUP (or ?claim=ID): one figure with its verdict in plain words, a chart in
  human units and every claim as a card;
- /<db>/article?url=CANONICAL_URL: one article with its figures highlighted in the text;
- cells everywhere: values in human units, quotes with the figure highlighted, group keys linking
  to Figure pages, canonical URLs to Article pages, source URLs as links.

The same pages serve the public snapshot and the desk; on the desk a signed-in reviewer also
gets the review and correction forms (datasette/plugins/desk.py takes the posts).
"""
from __future__ import annotations

import gc
import json
import re
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import path_with_replaced_args
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from claims import chart as charts
from claims.labels import STANDING_WORDS, STATUS_WORDS, explanation_words, figure_label, group_label, inferred_words, \
    metric_label, qualifier_name, qualifiers_text, standing
from claims.units import human, human_range
from store import pages
from store.status import contents

VALUE_COLUMNS = ("value", "low", "high", "consensus_value", "consensus_low", "consensus_high",
                 "old_value", "new_value")


def figure_url(datasette, database: str, key: str) -> str:
    return datasette.urls.path(f"/{database}/figure?" + urlencode({"key": key}))


def article_url(datasette, database: str, url: str) -> str:
    return datasette.urls.path(f"/{database}/article?" + urlencode({"url": url}))


def highlight(quote: str | None, figure: str | None, href: str | None = None) -> Markup:
    text = str(escape(quote or ""))
    if figure:
        marked = str(escape(figure))
        if marked in text:
            inner = f'<a href="{escape(href)}">{marked}</a>' if href else marked
            text = text.replace(marked, f"<mark>{inner}</mark>", 1)
    return Markup(text)


def _keys(row) -> list:
    return list(row.keys()) if hasattr(row, "keys") else []


NOTHING = Markup('<span class="nothing"></span>')  # an empty cell (Datasette shows its own
# rendering of a cell when a plugin returns something empty)
ISO_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|\+00:00)$")
DATE_COLUMNS = ("published_at", "recorded_at", "fetched_at", "first_recorded_at",
                "first_published", "last_published", "old_fetched_at", "new_fetched_at",
                "old_recorded_at", "new_recorded_at", "reviewed_at", "corrected_at")


def moment_text(value: str) -> str:
    """'2026-06-25T07:00:00+00:00' -> '2026-06-25 07:00 UTC' (a moment in another zone, or not
    a moment, is shown as written)."""
    m = ISO_MOMENT.match(value)
    return f"{m.group(1)} {m.group(2)} UTC" if m else value


def _group_link(datasette, database: str, key: str) -> Markup:
    return Markup(f'<a href="{escape(figure_url(datasette, database, key))}" '
                  f'class="figure-link" title="{escape(key)}">{escape(group_label(key))}</a>')


# a table's 0/1 columns in words: (table, column) -> (the word for 0, the word for 1)
YES_NO = {
    ("claims", "in_table"): ("the text", "a table"),
    ("claims", "approx"): ("as stated", "hedged"),
    ("conflicts", "is_consensus"): ("against the consensus", "the consensus"),
    ("group_claims", "in_consensus"): ("another value", "the consensus"),
    ("group_claims", "counted"): ("not counted (deprecated)", "counted"),
}
# the columns render_cell words: any other cell is Datasette's to show, and is passed at once
# (a page of 100 claims asks for 3,200 cells)
RENDERED = frozenset({"group_key", "figure", "status", "metric", "qualifiers", "quote", "url", "final_url",
                      "canonical_url", "title", "text", "claim_id", "inferred", "in_consensus",
                      "explanation", "quotes", "prior", "trust", *DATE_COLUMNS, *VALUE_COLUMNS,
                      *(column for _, column in YES_NO)})


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column not in RENDERED:
        return None
    keys = _keys(row)
    if column == "group_key" and isinstance(value, str) and database:
        return _group_link(datasette, database, value)
    if column == "figure" and table == "claims" and database:
        # the figure the claim counts in (store.publish fills it in: a claim that did not state
        # a qualifier counts in the group it was placed in, not under its own key)
        key = value or (row["group_key"] if "group_key" in keys else None)
        return _group_link(datasette, database, key) if key else NOTHING
    if table == "publisher_trust" and column in ("prior", "trust") \
            and isinstance(value, (int, float)):
        return f"{value:.0%}"  # a share, as people say it: 85%, not 0.8461538461538461
    if column == "status" and value in STATUS_WORDS:
        return STATUS_WORDS[value]  # as the Figure and Article pages say it
    if (table, column) in YES_NO and value in (0, 1):
        return YES_NO[table, column][value]
    if column == "metric" and table == "metric_groups" and isinstance(value, str) \
            and "qualifiers" in keys and row["qualifiers"]:
        # the figure's metric as the claims name it ('FP16 compute', not 'compute' beside a
        # precision qualifier)
        try:
            label = metric_label(value, json.loads(row["qualifiers"]))
        except ValueError:
            label = value
        if label != value:
            return label
    if column == "qualifiers" and isinstance(value, str) and value.startswith("{"):
        return qualifiers_text(value) or NOTHING
    if column in DATE_COLUMNS and isinstance(value, str):
        return moment_text(value)
    if column == "quote" and isinstance(value, str):
        return highlight(value, row["value_text"] if "value_text" in keys else None)
    if column in ("url", "final_url") and isinstance(value, str) and \
            value.startswith(("http://", "https://")):
        return Markup(f'<a href="{escape(value)}" rel="nofollow noopener" class="source-link">'
                      f'{escape(value)}</a>')
    if column == "canonical_url" and isinstance(value, str) and database:
        # our Article page (the text with its figures marked), and the outlet's own page
        shown = re.sub(r"^https?://(www\.)?", "", value)
        outlet = (f' <span class="outlet">(<a href="{escape(value)}" rel="nofollow noopener" '
                  f'class="source-link">at the outlet</a>)</span>'
                  if value.startswith(("http://", "https://")) else "")
        return Markup(f'<a href="{escape(article_url(datasette, database, value))}" '
                      f'class="article-link" title="our Article page: the text with its figures '
                      f'marked">{escape(shown)}</a>{outlet}')
    if column == "title" and isinstance(value, str) and database and "canonical_url" in keys \
            and row["canonical_url"]:
        # the claims table folds its address columns away: the headline carries the outlet's
        # link too, so the source stays one click away
        source = row["url"] if table == "claims" and "url" in keys else None
        outlet = (f' <span class="outlet">(<a href="{escape(source)}" rel="nofollow noopener" '
                  f'class="source-link">at the outlet</a>)</span>'
                  if isinstance(source, str) and source.startswith(("http://", "https://"))
                  else "")
        return Markup(f'<a href="{escape(article_url(datasette, database, row["canonical_url"]))}" '
                      f'class="article-link">{escape(value)}</a>{outlet}')
    if column == "text" and table == "articles" and isinstance(value, str) and len(value) > 240 \
            and "canonical_url" in keys:
        href = article_url(datasette, database, row["canonical_url"])
        return Markup(f'{escape(value[:240].rsplit(" ", 1)[0])}… '
                      f'<a href="{escape(href)}" class="article-link">read it with its '
                      f'figures marked</a>')
    if column == "claim_id" and isinstance(value, str) and database and len(value) == 64:
        href = datasette.urls.path(f"/{database}/figure?" + urlencode({"claim": value}))
        return Markup(f'<a href="{escape(href)}" class="figure-link" title="{escape(value)}">'
                      f'{escape(value[:12])}…</a>')
    if column in VALUE_COLUMNS and isinstance(value, (int, float)) and "unit" in keys:
        metric = row["metric"] if "metric" in keys else None
        return human(value, row["unit"], metric)
    if column == "value" and value is None and "unit" in keys and "low" in keys \
            and "high" in keys and row["low"] is not None:
        # a range ("64 to 80 GB") has no single value: its ends are shown
        return human_range(row["low"], row["high"], row["unit"],
                           row["metric"] if "metric" in keys else None)
    if column == "inferred" and isinstance(value, str) and value.startswith("inferred "):
        return inferred_words(value)
    if column == "in_consensus" and value in (0, 1) and "status" in keys:
        return standing(row["status"], value, row["rank"] if "rank" in keys else None)
    if column == "explanation" and isinstance(value, str) and "=" in value:
        return explanation_words(value)
    if column == "quotes" and isinstance(value, str):
        return Markup("".join(f"<p class='quote'>{escape(line)}</p>"
                              for line in value.split("\n")))
    return None


def _database(datasette, name: str):
    try:
        return datasette.get_database(name)
    except KeyError:
        raise NotFound(f"no database {name}")


async def _allowed(datasette, request, database: str) -> None:
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (database, "claims")), ("view-database", database), "view-instance"])


def desk_context(datasette, request) -> dict:
    """Whether the desk's forms show: a desk server and a signed-in reviewer."""
    desk = datasette.plugin_config("claims-desk")
    actor = request.actor or {}
    return {"desk": bool(desk), "reviewer": actor.get("id") if desk else None}


def _value_of(group):
    def value(m):
        if m["value"] is None:
            return human_range(m["low"], m["high"], m["unit"], group["metric"])
        return human(m["value"], m["unit"], group["metric"])
    return value


def verdict(group: dict) -> dict:
    """The verdict in plain words: what leads, who agrees, who dissents, what was inferred,
    what reviewers decided."""
    unit, metric = group["unit"], group["metric"]
    consensus = human(group["consensus_value"], unit, metric)
    span = human_range(group["consensus_low"], group["consensus_high"], unit, metric)
    members = group["members"]
    counted = [m for m in members if m["rank"] != "deprecated"]
    publishers = sorted({m["publisher"] or "?" for m in counted})
    if counted and all(m["value"] is None for m in counted):
        # only ranges were printed: their midpoint was never said; one range said by every
        # source is shown as said, not as the tolerance around it
        said = {(m["low"], m["high"]) for m in counted}
        if len(said) == 1 and None not in next(iter(said)):
            consensus = human_range(*next(iter(said)), unit, metric)
        elif span:
            consensus = span
    lines = []
    status = group["status"]
    if status == "agreed":
        head = f"{len(publishers)} publishers agree: {consensus}"
    elif status == "disputed" and group["consensus_value"] is not None:
        head = f"Sources disagree; {consensus} leads"
    elif status == "disputed":
        head = "Sources disagree, and no value has more support than another"
    elif status == "single-source":
        head = f"Only {publishers[0] if publishers else 'one publisher'} reports it: {consensus}"
    elif status == "needs-qualifier":
        head = "The figures fit more than one variant; the texts do not say which"
    elif status == "deprecated":
        head = "A reviewer deprecated every claim of this figure"
    elif status == "needs-review":
        head = ("One source gives more than one value; the reading or the grouping may be "
                "wrong, so a reviewer should look before anyone calls it a dispute")
    else:
        head = f"{STATUS_WORDS.get(status, status)}: {consensus}"
    if group["consensus_value"] is not None and span and span != consensus:
        line = _range_words(status, span, counted)
        if line:
            lines.append(line)
    if status == "needs-review":
        lines.append("Values given: " + "; ".join(
            f"{m['value_text']} ({m['publisher'] or '?'}, {(m['published_at'] or '?')[:10]})"
            for m in counted) + ".")
    if group["sources_for"] and status in ("agreed", "disputed"):
        lines.append(f"For it: {group['sources_for']}.")
    if group["sources_against"] and status != "needs-review":
        against = [m for m in counted if not m["in_consensus"]]
        values = ", ".join(sorted({m["value_text"] for m in against}))
        lines.append(f"Against it: {group['sources_against']} ({values}).")
    inferred = [m for m in members if m["inferred"]]
    for m in inferred:
        taken = inferred_words(m["inferred"]).removeprefix("not stated; ")
        lines.append(f"{m['publisher']}'s {m['value_text']} did not state every qualifier; "
                     f"{taken}.")
    for m in members:
        if m["rank"] != "normal":
            who = m["reviewed_by"] or "a reviewer"
            lines.append(f"{who} marked {m['publisher']}'s {m['value_text']} {m['rank']}"
                         + (f": {m['review_reason']}" if m["review_reason"] else "") + ".")
        for fix in m["corrections"]:
            lines.append(_correction_words(m, fix))
    if "bits and bytes" in (group["explanation"] or ""):
        lines.append("One side may confuse bits and bytes (a factor of 8).")
    return {"status": status, "status_words": STATUS_WORDS.get(status, status), "head": head,
            "lines": lines}


def _range_words(status: str, span: str, counted: list[dict]) -> str | None:
    """What the range around the leading value means, in the words of the figure's status: a
    consensus only where several publishers agree."""
    def hedged(m):
        return m["approx"] or m["bound"] not in (None, "", "=") or m["value"] is None
    leading = [m for m in counted if m["in_consensus"]] or counted
    if status in ("agreed", "disputed"):
        if len({m["value"] for m in leading}) == 1 and not any(hedged(m) for m in leading):
            return None  # one exact value: the range around it would only repeat it
        if status == "agreed":
            return f"The agreeing claims overlap on {span}."
        return f"The claims in the lead overlap on {span}."
    if status == "single-source":
        worded = [m for m in counted if hedged(m)]
        if worded:
            return f"As worded (\u201c{worded[0]['value_text']}\u201d) it allows {span}."
        return None  # an exact figure from one source: its value is all there is to say
    return None


def _correction_words(m: dict, fix: dict) -> str:
    who = fix["corrected_by"] or "a reviewer"
    if fix["correction"] == "subject":
        text = f"{who} corrected the subject of {m['value_text']}: {fix['extracted_subject']} " \
               f"→ {fix['subject']}"
    else:
        text = f"{who} corrected the metric of {m['value_text']}: {fix['extracted_metric']} " \
               f"→ {fix['metric']}"
    text += (f" ({fix['reason']})" if fix["reason"] else "") + "."
    if fix.get("carried_from_version"):
        text += f" Carried from an earlier reading ({fix['carried_from_version']})."
    return text


async def figure_page(request, datasette):
    database = request.url_vars["database"]
    db = _database(datasette, database)
    await _allowed(datasette, request, database)
    key = request.args.get("key")
    claim_id = request.args.get("claim")
    if not key and claim_id:
        key = await db.execute_fn(lambda conn: pages.group_of_claim(conn, claim_id))
        if key:
            return Response.redirect(figure_url(datasette, database, key) + f"#c-{claim_id}")
    if not key:
        raise NotFound("no such figure: give ?key=GROUP or ?claim=CLAIM_ID")
    group = await db.execute_fn(lambda conn: pages.figure(conn, key))
    if group is None:
        # a claim's own key, where it counts in another figure (an inferred qualifier)
        counted_in = await db.execute_fn(lambda conn: pages.figures_of_stated_key(conn, key))
        if len(counted_in) == 1:
            return Response.redirect(figure_url(datasette, database, counted_in[0]))
        if counted_in:
            raise NotFound(f"no figure {key!r}: its claims count in "
                           + "; ".join(group_label(k) for k in counted_in))
        raise NotFound(f"no figure {key!r}; it may have lost its last claim to a correction")
    value_of = _value_of(group)
    for m in group["members"]:
        m["human"] = value_of(m)
        m["role"] = charts.role_of(m, group["status"] == "disputed")
        m["quote_html"] = highlight(m["quote"], m["value_text"])
        m["article_href"] = article_url(datasette, database, m["canonical_url"])
    names = {}
    if desk_context(datasette, request)["reviewer"]:
        urls = {m["canonical_url"] for m in group["members"]}
        names = {u: await db.execute_fn(lambda conn, u=u: pages.article_names(conn, u))
                 for u in urls}
        group["metrics"] = await db.execute_fn(pages.metrics)
    for side in group["sides"]:
        side["human"] = human(side["value"], group["unit"], group["metric"])
    group["metric_label"] = metric_label(group["metric"], group["qualifiers"])
    group["qualifier_words"] = [(qualifier_name(k), v) for k, v in group["qualifiers"].items()
                                if k != "precision" and v not in (None, "")]
    context = {
        "database": database, "group": group, "verdict": verdict(group),
        "consensus": human(group["consensus_value"], group["unit"], group["metric"]),
        "chart": charts.build(group, group["members"], value_of),
        "names": names,
        "siblings": [(group_label(k), figure_url(datasette, database, k))
                     for k in group["siblings"]],
        **desk_context(datasette, request),
    }
    return Response.html(await datasette.render_template("figure.html", context,
                                                         request=request))


async def article_page(request, datasette):
    database = request.url_vars["database"]
    db = _database(datasette, database)
    await _allowed(datasette, request, database)
    url = request.args.get("url")
    art = await db.execute_fn(lambda conn: pages.article(conn, url)) if url else None
    if art is None:
        raise NotFound(f"no article {url!r}")
    for c in art["claims"]:
        c["human"] = human(c["value"], c["unit"], c["metric"]) if c["value"] is not None \
            else human_range(c["low"], c["high"], c["unit"], c["metric"])
        c["href"] = (figure_url(datasette, database, c["group_key"]) + f"#c-{c['claim_id']}"
                     if c["group_key"] else None)
        c["status_words"] = STATUS_WORDS.get(c["status"], c["status"])
    for ch in art["changes"]:
        ch["old_human"] = human(ch["old_value"], ch["unit"], ch["metric"])
        ch["new_human"] = human(ch["new_value"], ch["unit"], ch["metric"])
    context = {"database": database, "article": art, "text_html": marked_text(art),
               **desk_context(datasette, request)}
    return Response.html(await datasette.render_template("article.html", context,
                                                         request=request))


def marked_text(art: dict) -> Markup:
    """The article's text with every extracted figure highlighted and linked to its claim."""
    text = art["text"] or ""
    out, pos = [], 0
    for c in sorted(art["claims"], key=lambda c: (c["start"] or 0, -(c["end"] or 0))):
        start, end = c["start"], c["end"]
        if start is None or end is None or start < pos or end > len(text):
            continue  # overlapping spans: the first one is marked
        out.append(str(escape(text[pos:start])))
        title = f"{c['subject'] or '?'} · {c['metric'] or '?'} · {c['human']}"
        inner = str(escape(text[start:end]))
        cls = f"figure status-{c['status'] or 'none'} rank-{c['rank']}"
        if c["href"]:
            inner = f'<a href="{escape(c["href"])}">{inner}</a>'
        out.append(f'<mark class="{cls}" id="f-{c["claim_id"][:12]}" '
                   f'title="{escape(title)}">{inner}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    paragraphs = "".join(out).split("\n")
    return Markup("".join(f"<p>{p}</p>" for p in paragraphs if p.strip()))


@hookimpl
def prepare_connection(conn):
    """`figure_label(group_key)` for canned queries: the feed's titles name a figure in words."""
    conn.create_function("figure_label", 1, lambda key: group_label(key) if key else key,
                         deterministic=True)


@hookimpl
def prepare_jinja2_environment(env):
    """`{{ value|human(unit, metric) }}` in templates (the metric-history chart's axis)."""
    env.filters["human"] = lambda value, unit, metric=None: human(value, unit, metric)
    env.filters["group_label"] = group_label
    env.filters["moment"] = lambda value: moment_text(value) if isinstance(value, str) else value
    env.filters["day"] = charts.day_number
    env.filters["value_ticks"] = charts.value_ticks
    env.filters["standing"] = standing
    env.filters["inferred_words"] = lambda text: inferred_words(text) if text else ""
    env.globals["standing_words"] = STANDING_WORDS
    env.globals["status_words"] = STATUS_WORDS
    env.globals["with_args"] = path_with_replaced_args


@hookimpl
def extra_template_vars(template, database, request, datasette, view_name):
    """What the log holds, for a query that answers nothing: "What we knew on a date" before the
    first record says when the records begin (the demo records everything on the day it runs,
    so a date from its articles finds nothing)."""
    if template == "index.html":
        async def guide():
            """What each database holds, for the guide: counts, and the best-known subjects."""
            out = {}
            for name, db in datasette.databases.items():
                if name == "_internal" or db.is_memory:
                    continue
                out[name] = {"counts": await db.execute_fn(contents),
                             "subjects": await db.execute_fn(pages.best_known_subjects)}
            return {"guide": out}
        return guide
    if template != "query.html" or not database or request is None:
        return {}
    query = request.path.rstrip("/").rsplit("/", 1)[-1]
    if query == "known_as_of":
        async def span():
            row = await datasette.get_database(database).execute_fn(pages.recorded_span)
            return {"recorded_span": (moment_text(row[0]), moment_text(row[1]))
                    if row else None}
        return span
    if query in ("metric_history", "consensus_for_subject"):
        async def choices():
            """What to ask instead, for a question that finds nothing: the subject's metrics,
            or the subjects the log knows best."""
            db = datasette.get_database(database)
            subject = (request.args.get("subject") or "").strip()
            metrics = await db.execute_fn(
                lambda conn: pages.metrics_of_subject(conn, subject)) if subject else []
            subjects = [] if metrics else await db.execute_fn(pages.best_known_subjects)
            return {"ask_metrics": metrics, "ask_subjects": subjects}
        return choices
    return {}


# the questions that name a subject (and a metric): on the web as on the command line, a name is
# found by claims.lookup's rule (any case, an alias such as "910C", or a unique part of a name)
LOOKUP_QUERIES = {"metric_history": ("subject", "metric"), "consensus_for_subject": ("subject",)}
QUERY_PATH = re.compile(r"^/(?P<database>[^/]+)/(?P<query>[a-z_]+)(?:\.(?:json|csv|atom))?$")


async def resolved_question(datasette, path: str, query_string: str) -> str | None:
    """The address of a history (or a subject's figures) with the names the log knows, when the
    question names them otherwise ('h100' -> 'NVIDIA H100'); None when nothing changes or a
    name is unknown (the page then says what the log knows)."""
    from urllib.parse import parse_qsl

    from claims import lookup
    from claims.errors import ConfigError
    from store.export import known_exactly, names as known_names
    m = QUERY_PATH.match(path)
    if not m or m["query"] not in LOOKUP_QUERIES or m["database"] not in datasette.databases:
        return None
    args = parse_qsl(query_string, keep_blank_values=True)
    asked = {k: v for k, v in args if k in LOOKUP_QUERIES[m["query"]] and v.strip()}
    if not asked:
        return None
    db = datasette.get_database(m["database"])
    if await db.execute_fn(lambda conn: known_exactly(conn, asked.get("subject"),
                                                      asked.get("metric"))):
        return None  # asked in the log's own names: nothing to find
    known = await db.execute_fn(known_names)
    found = {}
    for name, text in asked.items():
        try:
            found[name] = lookup.subject(text, known["subjects"]) if name == "subject" \
                else lookup.metric(text, known["metrics"])
        except ConfigError:
            continue
    if all(found.get(k, v) == v for k, v in asked.items()):
        return None
    return path + "?" + urlencode([(k, found.get(k, v) if k in asked else v) for k, v in args])


def _may_read(datasette, scope) -> bool:
    """Before Datasette's own checks: a desk answers names only to a signed-in visitor (the
    redirect would tell the log's names to anyone); other servers are read by everyone."""
    if not datasette.plugin_config("claims-desk"):
        return True
    from http.cookies import SimpleCookie
    cookie = SimpleCookie()
    for name, value in scope.get("headers") or []:
        if name == b"cookie":
            cookie.load(value.decode("latin-1"))
    try:
        return bool(cookie.get("ds_actor") and
                    datasette.unsign(cookie["ds_actor"].value, "actor").get("a"))
    except Exception:  # a cookie that is not ours, or tampered with: not signed in
        return False


@hookimpl
def asgi_wrapper(datasette):
    """A history asked with another spelling of a name is sent to the one the log knows."""
    def wrap(app):
        async def resolving(scope, receive, send):
            if scope["type"] == "http" and scope.get("method", "GET") in ("GET", "HEAD") \
                    and _may_read(datasette, scope):
                target = await resolved_question(
                    datasette, scope.get("path", ""),
                    scope.get("query_string", b"").decode("latin-1"))
                if target:
                    return await Response.redirect(datasette.urls.path(target)) \
                        .asgi_send(send)
            await app(scope, receive, send)
        return resolving
    return wrap


@hookimpl
def startup(datasette):
    """Load now what the pages load on first use (the name lookup's pack: extract/pack.py,
    not the pipeline; a server never loads spaCy), then move everything loaded so far to the garbage collector's
    permanent generation: it lives as long as the server, and a full collection then walks
    only what requests made. Without it, one request in ten or so paid for a full pass over
    the whole heap: at 200,000 claims the claims page's p95 was twice its median
    (bench/datasette_bench.py)."""
    from claims import lookup
    lookup.aliases()
    gc.freeze()


@hookimpl
def register_routes(datasette):
    return [(r"^/(?P<database>[^/]+)/figure$", figure_page),
            (r"^/(?P<database>[^/]+)/article$", article_page)]

