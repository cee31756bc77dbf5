"""Real-looking documents made in a test: a typeset PDF, a saved web page, a Word file, old encodings.

The PDF is typeset by WeasyPrint on narrow pages with automatic hyphenation, a running
header and a "Page N of M" footer, so the text layer has what real PDFs have: lines
broken mid-sentence, words split with a hyphen at line ends, and the same lines at the
edge of every page.
"""

from __future__ import annotations

import html
from pathlib import Path

TITLE = "Streets Without Cars: A Municipal Experiment"
AUTHOR = "Jane Smith"
HEADER = "Journal of Urban Transportation Studies, vol. 12"

PARAGRAPHS = [
    "During the spring of 2024 the municipal council closed the historic centre to through traffic "
    "for four consecutive weeks, and commissioned an independent survey of residents, shopkeepers and "
    "delivery companies at the end of the experiment.",
    "Residents said the streets were quieter and safer for children on car-free days, and many "
    "described neighbourhood conversations that had been impossible while vehicles dominated the "
    "carriageway.",
    "Several traders reported fewer customers on car-free days, especially older shoppers who could "
    "not walk comfortably from the peripheral bus interchanges to the commercial streets.",
    "Delivery firms said loading would take considerably longer without access by van, and asked the "
    "administration for guaranteed early-morning delivery windows and dedicated unloading bays.",
    "Environmental monitoring stations recorded substantially lower concentrations of nitrogen dioxide, "
    "although the researchers cautioned that unusually favourable meteorological conditions may have "
    "contributed to the improvement.",
    "Cyclists' organisations welcomed the experiment enthusiastically, while disability advocates "
    "insisted that accessible transportation alternatives must precede any permanent pedestrianisation "
    "of the centre.",
    "The council's transportation committee will deliberate on the recommendations in the autumn, after "
    "a public consultation that is expected to attract an extraordinary number of contributions.",
    "Comparable programmes in neighbouring municipalities produced contradictory outcomes, which "
    "suggests that the characteristics of the local retail economy determine whether merchants "
    "ultimately benefit from pedestrianisation.",
]


def make_pdf(path: Path, paragraphs: list[str] | None = None, copies: int = 1, **metadata: str) -> Path:
    """A PDF of ``paragraphs`` (``copies`` times over, numbered), typeset with hyphenation, a
    running header and footer, and the document's title and author in its metadata."""
    import weasyprint

    paragraphs = PARAGRAPHS if paragraphs is None else paragraphs
    title = metadata.get("title", TITLE)
    author = metadata.get("author", AUTHOR)
    body = []
    for copy in range(copies):
        if copies > 1:
            body.append(f"<h2>Part {copy + 1}</h2>")
        body += [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><meta name="author" content="{html.escape(author)}">
<meta name="dcterms.created" content="2024-03-13">
<style>
@page {{ size: 105mm 148mm; margin: 16mm 12mm;
  @top-center {{ content: "{HEADER}"; font-size: 7pt }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font-size: 7pt }} }}
body {{ font: 10pt/1.3 serif }}
p {{ hyphens: auto; text-align: justify; margin: 0 0 0.6em }}
</style></head><body><h1>{html.escape(title)}</h1>{"".join(body)}</body></html>"""
    weasyprint.HTML(string=page).write_pdf(path)
    return path


def make_scan_like_pdf(path: Path) -> Path:
    """Pages with only a picture on them (a drawn box), no text layer: what a scanner makes."""
    import weasyprint

    page = """<html><head><style>@page { size: A6 } div { width: 80mm; height: 100mm; background: #888;
    break-after: page }</style></head><body><div></div><div></div></body></html>"""
    weasyprint.HTML(string=page).write_pdf(path)
    return path


def make_encrypted_pdf(path: Path, source: Path) -> Path:
    """``source`` encrypted with a password needed to open it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(path, "wb") as stream:
        writer.write(stream)
    return path


WEB_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="windows-1252">
<title>Streets without cars | City Gazette</title>
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-03-13T10:00:00Z">
<link rel="canonical" href="https://gazette.example/streets-without-cars">
</head><body>
<header><a href="/" class="logo">City Gazette</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/shop">Shop</a></li>
<li><a href="/login">Sign in</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent" role="dialog"><p>We use cookies to personalise adverts and
measure traffic. <button>Accept all cookies</button> <button>Manage preferences</button></p></div>
<main><article>
<h1>Streets without cars</h1>
<p class="byline">By Jane Smith, 13 March 2024</p>
<p>Residents said the streets were quieter and safer for children on car-free days. The council had closed
the centre to through traffic for a month, and surveyed residents and traders at the end of it.</p>
<p>Several traders reported fewer customers on car-free days, especially older shoppers who could not
walk far from the bus stops at the edge of the centre. One caf\xe9 owner said her takings fell by a
third.</p>
<p>Delivery firms said loading would take longer without access by van, and asked for fixed
delivery hours in the early morning. The council\x92s transport committee will decide in the autumn.</p>
</article>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Ten best brunch spots in town</a></li>
<li><a href="/b">Parking fees to rise again next year</a></li></ul></aside></main>
<footer><p>\xa9 2024 City Gazette Media Ltd. All rights reserved.</p>
<p>Subscribe to our newsletter and get 20% off everything in our online shop.</p></footer>
</body></html>"""
WEB_ARTICLE = [
    "Residents said the streets were quieter and safer for children on car-free days.",
    "One café owner said her takings fell by a third.",
    "The council\u2019s transport committee will decide in the autumn.",
]
WEB_DEBRIS = ["Sign in", "cookies", "Accept all", "Most read", "brunch", "All rights reserved", "newsletter"]


def make_web_page(path: Path) -> Path:
    path.write_bytes(WEB_PAGE.encode("latin-1"))  # the \x92 above is cp1252's right quote
    return path


def make_docx(path: Path) -> Path:
    """A short Word file: a title, two paragraphs, a table, and the document's properties."""
    import datetime

    import docx

    document = docx.Document()
    document.add_heading("Survey of residents and traders", level=0)
    document.add_paragraph("Residents said the streets were quieter and safer for children on car-free days.")
    document.add_paragraph("Several traders reported fewer customers, especially older shoppers.")
    table = document.add_table(rows=2, cols=2)
    for row, (group, answer) in enumerate([("Residents", "72% in favour"), ("Traders", "31% in favour")]):
        table.cell(row, 0).text, table.cell(row, 1).text = group, answer
    document.core_properties.title = "Survey of residents and traders"
    document.core_properties.author = "City Council Research Unit"
    document.core_properties.created = datetime.datetime(2025, 4, 2, 9, 30)
    document.save(str(path))
    return path


CP1252_TEXT = (
    "\u201cCar-free days\u201d \u2013 a caf\u00e9 owner\u2019s view\n\n"
    "Takings fell by a third; rent is \u20ac1,200 a month.\n"
    "Customers na\u00efvely assumed the shops were closed.\n"
)
