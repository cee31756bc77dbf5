"""Turn some links of a map from ``generate.py`` into premise groups and add undercuts.

    python benchmarks/generate.py 10000 /tmp/map10000 --seed 1
    python benchmarks/with_groups.py /tmp/map10000

About one argument in ten that supports or opposes a single claim is joined by the
argument written just before it (which must not already argue about that claim) into
a premise group; about one in twenty then undercuts such a group's link. Every link
of a generated map points from a later node to an earlier one, and so do the new
ones: the map stays acyclic and passes ``debatemap check`` with no errors. Same
input, same output (the choice is by position in id order, not random).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LINKS = re.compile(r"^(supports|opposes): \[([a-z0-9, -]*)\]$", re.M)


def main(root: Path) -> None:
    files = sorted((p for p in root.rglob("n*.yaml")), key=lambda p: p.stem)
    targets: dict[str, set[str]] = {}
    texts = {p.stem: p.read_text(encoding="utf-8") for p in files}
    for ident, text in texts.items():
        targets[ident] = set(
            re.findall(r"[a-z0-9][a-z0-9-]*", " ".join(m.group(2) for m in LINKS.finditer(text)))
        )
    ids = [p.stem for p in files]
    grouped: list[tuple[str, str]] = []  # (a member, target)
    for index in range(1, len(ids), 10):
        lead, partner = ids[index], ids[index - 1]
        match = next((m for m in LINKS.finditer(texts[lead]) if m.group(2) and "," not in m.group(2)), None)
        if match is None:
            continue
        relation, target = match.group(1), match.group(2)
        if target in targets[partner] or target == partner:
            continue
        group = f"{relation}:\n  - to: {target}\n    with: [{partner}]"
        texts[lead] = texts[lead][: match.start()] + group + texts[lead][match.end() :]
        targets[partner].add(target)
        grouped.append((lead, target))
    for number, (member, target) in enumerate(grouped):
        if number % 2:
            continue
        position = ids.index(member) + 3
        if position >= len(ids):
            continue
        undercutter = ids[position]
        if "undercuts:" in texts[undercutter]:
            continue
        texts[undercutter] += f"undercuts:\n  - from: {member}\n    to: {target}\n"
    for path in files:
        path.write_text(texts[path.stem], encoding="utf-8")
    print(f"{len(grouped)} premise groups, {sum('undercuts:' in t for t in texts.values())} undercuts")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
