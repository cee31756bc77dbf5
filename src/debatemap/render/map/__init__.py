"""The interactive map page: layout (``layout``, ``boxes``, ``joins``, ``routes``), the
records the page script reads (``records``), the outline (``outline``) and the page
itself (``page``), with its template, scripts and stylesheet in ``templates/``."""
