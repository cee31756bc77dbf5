"""The map page on a phone, a tablet and a desktop, by keyboard alone and on paper (real Chromium).

Screenshots of each size go to ``$DEBATEMAP_SHOTS`` when it is set (to look at them).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import browser_support
from debatemap.render.map.layout import compute_layout
from debatemap.render.map.page import render_map
from map_support import HOSTILE_FILES, graph_of

pytestmark = pytest.mark.browser
browser = browser_support.browser
new_page = browser_support.new_page
PHONE, TABLET, DESKTOP = (390, 844), (768, 1024), (1400, 900)
REPO = Path(__file__).resolve().parent.parent
VISIBLE = "() => debatemap.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()"

# The hostile map, plus a web address on a source.
FILES = dict(HOSTILE_FILES)
FILES["sources.yaml"] = str(HOSTILE_FILES["sources.yaml"]).replace(
    "  file: s1.txt\n", '  file: s1.txt\n  url: "https://example.org/report?a=1&b=<2>"\n'
)


@pytest.fixture
def built(make_map, tmp_path):  # type: ignore[no-untyped-def]
    graph = graph_of(make_map(FILES))
    # `check` refuses a script address (DM036); the page must not link one from any graph either.
    graph.graph["sources"]["s2"]["url"] = "javascript:window.__pwned=9"
    page_file = tmp_path / "debate_map.html"
    page_file.write_text(render_map(graph, strength={n: 0.5 for n in graph}), encoding="utf-8")
    return graph, page_file.as_uri()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The shipped map's page, as `build` makes it (with strength)."""
    from debatemap.graph.strength import dfquad_strength

    graph = graph_of(REPO / "arguments")
    page_file = tmp_path_factory.mktemp("shipped") / "debate_map.html"
    page_file.write_text(render_map(graph, strength=dfquad_strength(graph)), encoding="utf-8")
    return graph, page_file.as_uri()


def open_map(new_page, url: str, size: tuple[int, int] = DESKTOP) -> Any:  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(url)
    page.wait_for_function("window.debatemap && window.debatemap.drawn", timeout=30000)
    return page


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("DEBATEMAP_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not displayed"
    return dict(found)


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_narrow_screen_gives_the_map_most_of_the_screen_and_folds_the_filters(
    new_page, shipped, size
) -> None:  # type: ignore[no-untyped-def]
    _, url = shipped
    page = open_map(new_page, url, size)
    shot(page, f"{size[0]}-start")
    the_map = box(page, "#map")
    assert the_map["y"] < 0.25 * size[1] and the_map["y"] + the_map["height"] >= size[1] - 2
    assert the_map["height"] > 0.75 * size[1] and the_map["width"] == size[0]
    assert not page.locator("#controls").is_visible() and not page.locator("#details").is_visible()
    toggle = page.locator("#controls-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert page.locator("#controls").is_visible() and toggle.get_attribute("aria-expanded") == "true"
    shot(page, f"{size[0]}-legend")
    page.keyboard.press("Escape")
    assert not page.locator("#controls").is_visible()
    assert page.evaluate("document.activeElement.id") == "controls-toggle"


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_narrow_screen_shows_the_selection_in_a_sheet_over_the_map(new_page, shipped, size) -> None:  # type: ignore[no-untyped-def]
    graph, url = shipped
    page = open_map(new_page, url, size)
    page.locator("#search").fill("raids")
    page.locator("#search").press("Enter")
    chosen = page.evaluate("debatemap.network.getSelectedNodes()[0]")
    assert chosen and page.locator("#details h2").text_content() == graph.nodes[chosen]["title"]
    shot(page, f"{size[0]}-selected")
    sheet, the_map = box(page, "#details"), box(page, "#map")
    assert sheet["y"] + sheet["height"] <= size[1] + 1 and sheet["y"] > the_map["y"] + the_map["height"] * 0.4
    # The claim is centred in the part of the map the sheet leaves free.
    where = page.evaluate(f"debatemap.network.canvasToDOM(debatemap.network.getPosition({chosen!r}))")
    assert 0 < where["y"] + the_map["y"] < sheet["y"] and 0 < where["x"] < size[0]
    page.locator("#details-close").click()
    assert not page.locator("#details").is_visible()
    assert page.evaluate("debatemap.network.getSelectedNodes()") == []


def test_reset_view_puts_every_node_back_after_physics(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = open_map(new_page, url)
    moved = (
        "() => debatemap.data.nodes.filter(n => { const p = debatemap.network.getPosition(n.id);"
        " return Math.abs(p.x - n.x) > 0.5 || Math.abs(p.y - n.y) > 0.5; }).length"
    )
    page.locator("#physics").check()
    for _ in range(100):  # polled here: wait_for_function would need eval, which the page's CSP refuses
        if page.evaluate(moved) > 0:
            break
        browser_support.settle(page, 3)
    assert page.evaluate(moved) > 0
    page.locator("#reset").click()
    assert page.evaluate(moved) == 0
    browser_support.settle(page, 30)  # physics is off: nothing drifts away again
    assert page.evaluate(moved) == 0
    assert not page.locator("#physics").is_checked()
    assert page.evaluate("debatemap.network.physics.options.enabled") is False


def tab_until(page: Any, element_id: str, limit: int = 40) -> list[str]:
    """Press Tab until ``element_id`` has focus; the ids (or tags) of the stops on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = page.evaluate("document.activeElement.id || document.activeElement.tagName")
        stops.append(here)
        if here == element_id:
            return stops
    raise AssertionError(f"Tab never reached #{element_id}: {stops}")


def test_the_map_is_one_tab_stop_that_pans_and_zooms_with_keys(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = open_map(new_page, url)
    assert (
        page.evaluate(
            "document.querySelectorAll('#map [tabindex]:not([tabindex=\"-1\"]), #map a, #map input').length"
        )
        == 0
    )
    tab_until(page, "map")
    page.keyboard.press("Tab")  # the next stop is outside the map, not vis-network's frame
    assert page.evaluate("document.getElementById('map').contains(document.activeElement)") is False
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "map"
    view = "() => [debatemap.network.getViewPosition(), debatemap.network.getScale()]"
    (x0, scale0) = page.evaluate(view)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    (x1, scale1) = page.evaluate(view)
    assert x1["x"] > x0["x"] and x1["y"] > x0["y"] and scale1 == scale0
    page.keyboard.press("+")
    assert page.evaluate(view)[1] > scale0
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert page.evaluate(view)[1] < scale0


def test_escape_clears_the_selection(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = open_map(new_page, url + "#node=b")
    assert page.evaluate("debatemap.network.getSelectedNodes()") == ["b"]
    page.locator("#map").focus()
    page.keyboard.press("Escape")
    assert page.evaluate("debatemap.network.getSelectedNodes()") == []
    assert "Click a box" in str(page.locator("#details").text_content())


def test_following_a_link_in_the_details_keeps_focus_on_the_new_claim(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url + "#node=a")
    link = page.locator("#details button", has_text=graph.nodes["b"]["title"])
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("debatemap.network.getSelectedNodes()") == ["b"]
    assert page.evaluate("document.activeElement.id") == "details-title"
    assert page.evaluate("document.activeElement.textContent") == graph.nodes["b"]["title"]
    page.keyboard.press("Tab")  # the next stop is the new claim's first link, still in the panel
    assert page.evaluate("document.getElementById('details').contains(document.activeElement)")


def test_linked_claims_show_their_perspective(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = open_map(new_page, url + "#node=a")
    rows = page.locator("#details ul.links li")
    texts = sorted(str(t) for t in rows.all_text_contents())
    assert any(t.startswith("A second legal argument") and t.endswith("Legal") for t in texts), texts
    assert any("Health </script>" in t for t in texts), texts  # the opposing claim's perspective, as text
    colours = page.evaluate(
        "[...document.querySelectorAll('#details ul.links .swatch')].map(s => s.style.background)"
    )
    assert "rgb(0, 114, 178)" in colours  # Legal's #0072B2


def test_focus_mode_says_what_it_needs_and_fits_the_neighbourhood(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url)
    page.locator("#focus").check()
    assert "Select a claim first" in str(page.locator("#focus-note").text_content())
    assert page.evaluate(VISIBLE) == sorted(graph.nodes)
    page.evaluate("debatemap.network.moveTo({position: {x: 5000, y: 5000}, scale: 3})")  # far away
    page.evaluate("debatemap.select('b')")
    near = sorted({"b"} | set(graph.successors("b")) | set(graph.predecessors("b")))
    assert page.evaluate(VISIBLE) == near
    assert f"Showing {len(near)} claims within 1 link" in str(page.locator("#focus-note").text_content())
    the_map = box(page, "#map")
    for ident in near:  # every claim of the neighbourhood is in view
        where = page.evaluate(f"debatemap.network.canvasToDOM(debatemap.network.getPosition({ident!r}))")
        assert 0 <= where["x"] <= the_map["width"] and 0 <= where["y"] <= the_map["height"], ident
    page.locator("#hops").fill("2")
    page.locator("#reset").click()
    assert page.locator("#hops").input_value() == "1" and not page.locator("#focus").is_checked()
    assert page.evaluate(VISIBLE) == sorted(graph.nodes)


def test_legend_explains_the_encodings_in_name_order(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = open_map(new_page, url)
    names = page.locator("#filter-perspective label .name").all_text_contents()
    assert names == sorted(names, key=str.casefold) and len(names) == 2
    reading = str(page.locator("#legend-reading").text_content())
    assert "cross-link" in reading and "Taller box: a stronger argument" in reading
    links = str(page.locator("#filter-relation").text_content())
    assert "arrowhead" in links and "dashed" in links and "bar" in links


def test_sources_leave_out_what_is_not_stated_and_link_only_web_addresses(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = open_map(new_page, url + "#node=xss")
    assert "not stated" not in str(page.locator("#details cite").text_content())
    assert page.locator("#details cite a").count() == 0  # a javascript: address is not shown at all
    page.evaluate("debatemap.select('a')")
    link = page.locator("#details cite a")
    assert link.get_attribute("href") == "https://example.org/report?a=1&b=<2>"
    assert "noopener" in str(link.get_attribute("rel")) and link.text_content() == "A source"
    assert "Author: Ann Author" in str(page.locator("#details cite").text_content())
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_labels_are_never_cut_mid_word(new_page, shipped) -> None:  # type: ignore[no-untyped-def]
    graph, url = shipped
    page = open_map(new_page, url)
    labels = page.evaluate("debatemap.nodes.get().map(n => [n.id, n.label])")
    for ident, label in labels:
        title = " ".join(graph.nodes[ident]["title"].split())
        shown = " ".join(label.split())
        if shown.endswith("\u2026"):
            shown = shown[:-1]
            assert title.startswith(shown) and title[len(shown)] in " ,;:.", (ident, label)
        else:
            assert shown == title, (ident, label)
    definitions = [label for ident, label in labels if graph.nodes[ident]["kind"] == "definition"]
    assert definitions and not any("\u2026" in d for d in definitions)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_page_passes_axe(new_page, shipped, size) -> None:  # type: ignore[no-untyped-def]
    _, url = shipped
    page = open_map(new_page, url + "#node=raids-drive-sex-work-underground", size)
    page.locator("#outline-box summary").click()
    if size == PHONE:
        page.locator("#controls-toggle").click()
    shot(page, f"{size[0]}-axe")
    assert browser_support.axe_violations(page) == []


def test_print_has_the_title_legend_and_outline_from_the_first_page(new_page, shipped, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    graph, url = shipped
    page = open_map(new_page, url)
    page.emulate_media(media="print")
    assert not page.locator("#map").is_visible() and page.locator("#outline").is_visible()
    pdf = tmp_path / "map.pdf"
    page.pdf(path=str(pdf), format="A4")
    first = re.sub(r"\s+", " ", PdfReader(pdf).pages[0].extract_text())
    title = str(page.locator("h1").text_content())
    assert title.split()[0] in first and "Colour: perspective" in first and "Reading the map" in first
    central = compute_layout(graph).roots[0]  # the outline, like the map, starts at the central question
    assert graph.nodes[central]["title"].split(",")[0][:30] in first  # the outline starts on page 1


def test_a_keyboard_only_walk_on_a_phone(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url, PHONE)
    tab_until(page, "search")
    page.keyboard.type("second legal")
    page.keyboard.press("Enter")
    assert page.evaluate("debatemap.network.getSelectedNodes()") == ["b"]
    tab_until(page, "controls-toggle")
    page.keyboard.press("Enter")
    assert page.locator("#controls").is_visible()
    assert page.evaluate("document.activeElement.id") == "controls-close"  # focus moved into the legend
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#filter-perspective') !== null")
    page.keyboard.press("Space")
    assert len(page.evaluate(VISIBLE)) < graph.number_of_nodes()
    page.keyboard.press("Escape")  # closes the legend, back on its button
    assert not page.locator("#controls").is_visible()
    assert page.evaluate("document.activeElement.id") == "controls-toggle"
    tab_until(page, "map")
    page.keyboard.press("Enter")  # to the selected claim's details
    assert page.evaluate("document.activeElement.id") == "details-title"
    page.keyboard.press("Escape")
    assert page.evaluate("debatemap.network.getSelectedNodes()") == []
    assert page.evaluate("document.activeElement.id") == "map"  # not dropped to <body>


def test_missing_axe_skips_locally_but_fails_in_ci(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "axe_playwright_python", None)  # import now raises ImportError
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        browser_support.axe_script()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        browser_support.axe_script()


def test_the_built_page_says_each_quote_was_verified_and_when(new_page) -> None:  # type: ignore[no-untyped-def]
    """output/ is built without the source texts (they are not in the repository): the page
    still says, from the map's quote record, that the quote was found in its text, and when."""
    page = open_map(
        new_page, (REPO / "output" / "debate_map.html").as_uri() + "#node=raids-drive-sex-work-underground"
    )
    check = page.locator("#details cite .check")
    assert re.fullmatch(
        r"✓ verified against 002_1b00d23d01466317\.txt on \d{4}-\d{2}-\d{2}", check.inner_text()
    )
    assert browser_support.axe_violations(page) == []
