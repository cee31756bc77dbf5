"""Run ``debatemap serve``'s app under uvicorn on a free loopback port, in a thread, for a test.

    with running_server(root) as server:
        page.goto(server.address)        # the printed address, with the token
        httpx.get(server.url("/api/map"), headers=server.auth)

The server stops (event streams closed, port released) when the block ends.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debatemap.cli.commands.serve import make_server
from debatemap.serve.app import ServeConfig, create_app
from debatemap.serve.security import TOKEN_HEADER, Guard


@dataclass
class RunningServer:
    port: int
    guard: Guard
    app: Any

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"{self.base}/?token={self.guard.token}"

    @property
    def auth(self) -> dict[str, str]:
        return {TOKEN_HEADER: self.guard.token}

    def url(self, path: str) -> str:
        return self.base + path


@contextlib.contextmanager
def running_server(
    root: Path,
    *,
    classroom: bool = False,
    read_only: bool = False,
    sources_dir: Path | None = None,
    watch: bool = True,
) -> Iterator[RunningServer]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    config = ServeConfig(
        root.resolve(), (sources_dir or root / "sources").resolve(), port,
        read_only=read_only, classroom=classroom, watch=watch,
    )  # fmt: skip
    guard = Guard(port, classroom, read_only)
    app = create_app(config, guard)
    server = make_server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield RunningServer(port, guard, app)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
