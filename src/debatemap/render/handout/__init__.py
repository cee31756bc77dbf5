"""The printable debate brief: what it says (``model``, ``builder``, ``questions``), how
much fits (``budget``, ``coverage``) and the Markdown/HTML/PDF (``brief``), with its
templates in ``templates/``. The packet builds on it; it imports neither map nor packet."""
