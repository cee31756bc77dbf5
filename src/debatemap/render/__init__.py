"""Renderers: turn the map's graph into text.

- :mod:`debatemap.render.map_html` -- the interactive, offline HTML map (``render_map``).
- :mod:`debatemap.render.handout` -- the printable debate handout.

Renderers return strings or bytes; :func:`debatemap.store.write.write_outputs` writes them.
"""
