"""Every problem code once (:mod:`.codes`) and every constraint once (:mod:`.constraints`).

This package sits at the bottom of the pipeline beside :mod:`debatemap.model`:
the reader, ``check``, the editing commands, the importers and the JSON Schema
all take their codes and limits from here, so they cannot disagree.
"""
