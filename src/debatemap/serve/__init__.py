"""``debatemap serve``: the live map with editing, served by uvicorn (see :mod:`.app`)."""

from __future__ import annotations

from debatemap.serve.app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
