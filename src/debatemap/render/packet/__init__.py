"""The classroom packet: one module per sheet (``roles``, ``cards``, ``flow``, ``sac``,
``review``), what they share (``model``, ``fit``) and the rendering (``sheets``), with
its templates in ``templates/``. It builds on the brief (``render.handout``), never on the map."""
