"""The interactive map page: layout (``layout``, with ``forest`` for the trees, ``boxes``
for box sizes, ``curves`` for the tree links' S-curves, ``joins`` for premise groups and
undercuts, ``routes`` for cross-links), the records the page script reads (``records``),
the outline (``outline``) and the page itself (``page``), with its template, scripts and
stylesheet in ``templates/``."""
