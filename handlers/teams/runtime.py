"""The one asyncio event loop that owns the Teams app, on a thread of its own.

The Teams SDK is async and its HTTP client's connection pool belongs to the loop it was first
used on, so every Teams coroutine (requests from waitress threads, sends from the chaser's
threads) runs here through `run` (wait for the result) or `spawn` (fire and forget, tracked
so that `settle` can wait for it). Blocking work (the database, the core) leaves the loop
through `blocking`, so one slow query never stalls other conversations.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

BLOCKING_THREADS = 16


class LoopThread:
    """An event loop on a daemon thread, started on first use and stopped by `stop()`."""

    def __init__(self, name: str = "teams-loop", workers: int = BLOCKING_THREADS) -> None:
        self._name = name
        self._workers = workers
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._pending: set[concurrent.futures.Future[Any]] = set()
        self._idle = threading.Condition()
        self._on_start: list[Callable[[], Coroutine[Any, Any, None]]] = []

    def on_start(self, setup: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run `setup()` on the loop before anything else (the SDK's initialize)."""
        self._on_start.append(setup)

    @property
    def started(self) -> bool:
        return self._loop is not None

    def start(self) -> None:
        """Start the loop (and run the on_start setups) unless it runs already."""
        _ = self.loop

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                self._start()
            assert self._loop is not None
            return self._loop

    def _start(self) -> None:
        loop = asyncio.new_event_loop()
        self._pool = concurrent.futures.ThreadPoolExecutor(
            self._workers, thread_name_prefix=f"{self._name}-work"
        )
        loop.set_default_executor(self._pool)
        ready = threading.Event()

        def main() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            loop.run_forever()

        self._thread = threading.Thread(target=main, name=self._name, daemon=True)
        self._thread.start()
        ready.wait()
        self._loop = loop
        for setup in self._on_start:
            asyncio.run_coroutine_threadsafe(setup(), loop).result()

    def in_loop(self) -> bool:
        """True on the loop's own thread, where waiting for the loop would deadlock."""
        return self._thread is not None and threading.current_thread() is self._thread

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Run `coro` on the loop and wait for its result (from any thread but the loop's).

        On timeout the coroutine is cancelled and TimeoutError raised.
        """
        if self.in_loop():
            coro.close()
            raise RuntimeError("LoopThread.run called on the loop's own thread")
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        self._track(future)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError(f"no answer within {timeout} s") from None

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Start `coro` on the loop and return its future (wait on it as long as you like)."""
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        self._track(future)
        return future

    def spawn(self, coro: Coroutine[Any, Any, Any], what: str) -> None:
        """Run `coro` in the background; a failure is logged with `what`, never raised."""

        async def guarded() -> None:
            try:
                await coro
            except Exception:
                log.exception("background Teams work failed: %s", what)

        self.submit(guarded())

    async def blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking call (database, core) off the loop and await its result."""
        return await asyncio.get_running_loop().run_in_executor(None, fn, *args)

    def settle(self, timeout: float = 20.0) -> bool:
        """Wait until no submitted work is left; False when `timeout` seconds passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._pending, timeout)

    def _track(self, future: concurrent.futures.Future[Any]) -> None:
        with self._idle:
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: concurrent.futures.Future[Any]) -> None:
        with self._idle:
            self._pending.discard(future)
            self._idle.notify_all()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish what runs (up to `timeout` seconds), then stop the loop and its thread."""
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is None:
            return
        self.settle(timeout)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        if not loop.is_running():
            loop.close()
