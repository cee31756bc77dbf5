"""``python -m debatemap.rules [codes|reference|refusals]``: print a generated table.

``codes`` (the default) is README's compact table of problem codes, ``reference`` the
full one (a rule per row, with its explanation), ``refusals`` serve's refusal reasons.
"""

from __future__ import annotations

import sys

from debatemap.rules.codes import markdown_table, table_markdown
from debatemap.rules.refusals import refusals_markdown

TABLES = {"codes": markdown_table, "reference": table_markdown, "refusals": refusals_markdown}


def main(argv: list[str]) -> int:
    which = argv[0] if argv else "codes"
    if which not in TABLES or len(argv) > 1:
        print(f"usage: python -m debatemap.rules [{'|'.join(TABLES)}]", file=sys.stderr)
        return 2
    sys.stdout.write(TABLES[which]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
