"""Renderers: turn the map's graph into text. One room per thing a reader gets:

- :mod:`debatemap.render.map` -- the interactive, offline HTML map
  (:func:`debatemap.render.map.page.render_map`) and its layout (boxes, rows, routed links).
- :mod:`debatemap.render.handout` -- the printable debate brief
  (:func:`debatemap.render.handout.brief.render_handout`).
- :mod:`debatemap.render.packet` -- the classroom packet built on the brief
  (:func:`debatemap.render.packet.sheets.render_packet`).
- :mod:`debatemap.render.common` -- what they share (reading templates, plain words);
  :mod:`debatemap.render.problems` -- problem reports (GitHub annotations, SARIF).

The map never imports the handout or the packet, the handout never imports the map
or the packet (tests/test_layers.py). Renderers return strings or bytes;
:func:`debatemap.store.write.write_outputs` writes them.
"""
