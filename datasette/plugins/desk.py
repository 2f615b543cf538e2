"""The desk's write routes, and the refusal of every write elsewhere.

On the desk (`claims desk`, plugin config `claims-desk`): POST /desk/review and /desk/correct
take a signed-in reviewer's review or correction (Datasette's CSRF protection checks the form's
token), record it as an event through claims.desk / store/, and send the reviewer back to the
Figure page, which shows the result. Anonymous visitors are sent to the sign-in page.

On any other server (a snapshot, public or not) nothing can be written: every method but
GET, HEAD and OPTIONS is refused with 403, and the sign-in pages do not exist.
"""
from __future__ import annotations

import asyncio
import contextvars
from functools import wraps
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SIGN_IN_PATHS = ("/-/login", "/-/logout", "/-/password-tool")


def _desk(datasette) -> dict | None:
    return datasette.plugin_config("claims-desk")


# get_metadata below needs the desk's settings, which Datasette's public plugin_config reads
# through get_metadata again: that nested lookup answers from the metadata the server was
# started with (this hook adds nothing while it runs), so no private attribute is read
_ASKING = contextvars.ContextVar("claims_desk_asking", default=False)


def started_desk_config(datasette) -> dict | None:
    """The `claims-desk` plugin settings the server was started with (None on other servers),
    safe to call from inside get_metadata."""
    if _ASKING.get():
        return None
    token = _ASKING.set(True)
    try:
        return datasette.plugin_config("claims-desk")
    finally:
        _ASKING.reset(token)


_users_files: dict = {}


def _reviewers(datasette) -> dict[str, str]:
    """The desk's reviewers as the users file says now (name -> password hash)."""
    from claims.desk import UsersFile
    desk = started_desk_config(datasette)
    if not desk:
        return {}
    found = _users_files.get(desk["users"])
    if found is None:
        found = _users_files[desk["users"]] = UsersFile(desk["users"])
    return found.users()


@hookimpl
def get_metadata(datasette, key, database, table):
    """On the desk: sign-in required for the reviewers of the users file, and their password
    hashes for datasette-auth-passwords, read from the file when asked, so a reviewer added
    with `claims desk add-user` (or a changed password) counts without a restart."""
    if not started_desk_config(datasette):   # (None while that lookup runs)
        return {}
    users = _reviewers(datasette)
    return {"allow": {"id": sorted(users)},
            "plugins": {"datasette-auth-passwords": {f"{name}_password_hash": h
                                                     for name, h in users.items()}}}


def _refuse(message: str, status: int = 403) -> Response:
    return Response.text(message + "\n", status=status)


async def _reviewer(request, datasette, form: dict) -> str | Response:
    """The signed-in reviewer's name, or the response that refuses the write."""
    if request.method != "POST":
        return _refuse("use the forms of a Figure page (POST)", 405)
    actor = request.actor or {}
    name = actor.get("id")
    if not name:
        return _refuse("sign in to review: /-/login")
    if name not in _reviewers(datasette):
        return _refuse(f"{name} is not a reviewer of this desk")
    claimed = form.get("reviewer") or form.get("by")
    if claimed and claimed != name:
        return _refuse(f"signed in as {name}, not {claimed}: a review names who made it")
    return name


def _back(datasette, request, form: dict, key: str | None, claim_id: str, fallback=None):
    database = form.get("database") or next(iter(datasette.databases))
    if key:
        return Response.redirect(datasette.urls.path(
            f"/{database}/figure?" + urlencode({"key": key})) + f"#c-{claim_id}", status=303)
    if fallback:
        return Response.redirect(datasette.urls.path(
            f"/{database}/article?" + urlencode({"url": fallback})), status=303)
    return Response.redirect(datasette.urls.database(database), status=303)


async def _signed_form(request, datasette):
    """The posted form and the signed-in reviewer who sent it (or the refusal to answer with)."""
    form = dict(await request.post_vars()) if request.method == "POST" else {}
    return form, await _reviewer(request, datasette, form)


async def review_route(request, datasette):
    from claims.desk import DeskError, review
    form, name = await _signed_form(request, datasette)
    if isinstance(name, Response):
        return name
    claim_id = form.get("claim_id", "")
    try:
        key = await asyncio.to_thread(review, _desk(datasette)["db"], claim_id,
                                      form.get("rank", ""), form.get("reason"), name)
    except DeskError as exc:
        return _refuse(f"not recorded: {exc}", 400)
    datasette.add_message(request, f"{name} marked the claim {form.get('rank')}")
    return _back(datasette, request, form, key, claim_id)


async def correct_route(request, datasette):
    from claims.desk import DeskError, correct
    form, name = await _signed_form(request, datasette)
    if isinstance(name, Response):
        return name
    claim_id = form.get("claim_id", "")
    kind = form.get("correction", "")
    try:
        key, url = await asyncio.to_thread(
            correct, _desk(datasette)["db"], claim_id, kind, name,
            subject=form.get("subject_typed") or form.get("subject"),
            metric=form.get("metric"), qualifiers=form.get("qualifiers"),
            reason=form.get("reason"))
    except DeskError as exc:
        return _refuse(f"not recorded: {exc}", 400)
    words = {"subject": "corrected the subject", "metric": "corrected the metric",
             "not_a_claim": "marked the figure as not a claim"}
    datasette.add_message(request, f"{name} {words.get(kind, kind)}")
    return _back(datasette, request, form, key, claim_id, fallback=url)


@hookimpl
def register_routes(datasette):
    if not _desk(datasette):
        return []
    return [(r"^/desk/review$", review_route), (r"^/desk/correct$", correct_route)]


@hookimpl
def forbidden(datasette, request, message):
    """On the desk, a visitor who is not signed in is asked to sign in."""
    if _desk(datasette) and not request.actor:
        return Response.redirect(datasette.urls.path("/-/login"))
    return None


@hookimpl
def extra_template_vars(datasette, request):
    """A server that is not the desk offers no sign-in: the menu's links to the sign-in pages
    (datasette-auth-passwords adds "Log in") would lead to the 404 below."""
    if _desk(datasette):
        return {}

    async def menu_links():
        from datasette.plugins import pm
        from datasette.utils import await_me_maybe
        links = []
        for hook in pm.hook.menu_links(datasette=datasette, request=request,
                                       actor=request.actor if request else None):
            links.extend(await await_me_maybe(hook) or [])
        signing_in = {datasette.urls.path(p) for p in SIGN_IN_PATHS}
        return [link for link in links if link.get("href") not in signing_in]
    return {"menu_links": menu_links}


@hookimpl
def asgi_wrapper(datasette):
    """A server that is not the desk writes nothing and signs nobody in."""
    def wrap(app):
        @wraps(app)
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and not _desk(datasette):
                path = scope.get("path", "")
                if path in SIGN_IN_PATHS or path.startswith("/desk/"):
                    return await _refuse("not found: this server is read-only", 404) \
                        .asgi_send(send)
                if scope.get("method", "GET") not in SAFE_METHODS:
                    return await _refuse("this server is read-only").asgi_send(send)
            await app(scope, receive, send)
        return read_only
    return wrap
