"""The pages ``serve`` sends: the map (as ``build`` renders it, plus the editing script), the join page.

The map page is :func:`debatemap.render.map.page.render_map` with two more
files of our own inlined (``serve.js``, ``serve.css``), their hashes in the
CSP, and ``connect-src 'self'``: the page may talk to this server and nothing
else. Saved or left open after the server stops, it is still the plain map.
"""

from __future__ import annotations

import functools
from typing import Any

import anyio.to_thread
import jinja2
import networkx as nx
from markupsafe import Markup, escape

from debatemap import rules
from debatemap.render.common import csp_hash, template_text
from debatemap.render.map.page import render_map
from debatemap.serve.live import LiveMap

NEED_TOKEN = (
    "This map is served with a token, so that no other page or program on this machine can change it. "
    "Open the address that debatemap serve printed (it ends in ?token=...)."
)
WRONG_TOKEN = (
    "That token is not this server's. Open the address that debatemap serve printed when it started."
)
USED_ONCE = (
    "This opening address works once, for a few minutes, and has been used or has expired. "
    "Open the address that debatemap serve printed (it ends in ?token=...)."
)
_MESSAGE_CSS = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#1d1d1f}"
)


def asset(name: str) -> str:
    """One of the server's own files in ``serve/assets`` (scripts, stylesheet, join page)."""
    return template_text("debatemap.serve", name, "assets")


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(asset),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _render(state: Any, live: LiveMap) -> str:
    picture, config = live.picture, state.config
    graph = picture.graph
    if graph is None:  # the map had errors from the start: an empty map, with the problems shown
        graph = nx.DiGraph(perspectives={}, sources={})
    settings = {
        "version": live.version,
        "problems": picture.problems,
        "readOnly": config.read_only,
        "classroom": config.classroom,
        "refusedCode": rules.IMPOSSIBLE_CHANGE.code,  # what the page's own refusals say, as the server's
    }
    return render_map(
        graph,
        strength=picture.strength,
        title=config.title,
        extra_css=asset("serve.css"),
        extra_scripts=[asset("serve.js")] + ([asset("serve_class.js")] if config.classroom else []),
        extra_data=settings,
        connect_src="'self'",
    )


async def map_page(state: Any, live: LiveMap) -> str:
    """The page for the current version (rendered once per version, then reused)."""
    cache: dict[int, str] = state.page_cache
    version = live.version
    if version not in cache:
        page = await anyio.to_thread.run_sync(_render, state, live)
        cache.clear()
        cache[version] = page
    return cache[version]


def join_page(title: str) -> str:
    script, css = asset("join.js"), asset("serve.css")
    csp = (
        f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(css)}; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("join.html.j2")
    return template.render(title=title, csp=csp, css=Markup(css), script=Markup(script))


def message_page(title: str, text: str) -> str:
    csp = f"default-src 'none'; style-src {csp_hash(_MESSAGE_CSS)}; base-uri 'none'; form-action 'none'"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_MESSAGE_CSS}</style></head>"
        f"<body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>"
    )
