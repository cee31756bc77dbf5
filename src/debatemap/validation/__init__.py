"""What a valid map is: the rules ``check`` applies, and the quote check.

:mod:`.validate` turns a :class:`~debatemap.model.DebateMap` into a list of
problems, :mod:`.quotes` finds a quote (or the passages near some words) in a text,
:mod:`.reasons` resolves plain links, premise groups and undercuts into reasons
(for ``check`` and the graph), :mod:`.texts` reads each source's text (or its part)
and verifies quotes, and :mod:`.schema` publishes the node file's JSON Schema.
Nothing here imports NetworkX, so ``check`` starts fast.
"""
