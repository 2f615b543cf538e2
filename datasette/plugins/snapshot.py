"""A published snapshot replaced by `claims publish` is served from the next request on.

`claims publish` writes a new file and renames it over the old one. Datasette opens an immutable
database once per thread and would go on reading the old file (its inode stays open) until a
restart. Here every immutable database is served by `ReloadingDatabase`, which notices that the
path now names another file (inode or modification time) and opens the new one, closing the
old connections: a cheap stat per query, no watcher thread, no restart.
"""
from __future__ import annotations

import asyncio
import os
import threading

from datasette import hookimpl
from datasette.database import Database

_local = threading.local()


class ReloadingDatabase(Database):
    """An immutable Database that follows its path to a newly published file."""

    def __init__(self, ds, path):
        super().__init__(ds, path=path, is_mutable=False)
        self._identity = self._stat()
        self._generation = 0
        self._lock = threading.Lock()

    def _stat(self):
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _check(self) -> int:
        now = self._stat()
        if now is not None and now != self._identity:
            with self._lock:
                if now != self._identity:
                    self._identity = now
                    self._generation += 1
                    # counts and hashes were of the old file
                    self.cached_hash = None
                    self.cached_size = None
                    self._cached_table_counts = None
        return self._generation

    async def execute_fn(self, fn):
        generation = self._check()

        def in_thread():
            conns = getattr(_local, "conns", None)
            if conns is None:
                conns = _local.conns = {}
            held = conns.get(self.name)
            if held is None or held[0] is not self or held[1] != generation:
                if held is not None:
                    held[2].close()
                    if held[2] in held[0]._all_file_connections:
                        held[0]._all_file_connections.remove(held[2])
                conn = self.connect()
                self.ds._prepare_connection(conn, self.name)
                conns[self.name] = held = (self, generation, conn)
            return fn(held[2])

        if self.ds.executor is None:
            return in_thread()
        return await asyncio.get_event_loop().run_in_executor(self.ds.executor, in_thread)


@hookimpl
def startup(datasette):
    for name, db in list(datasette.databases.items()):
        if db.is_mutable or db.is_memory or not db.path or isinstance(db, ReloadingDatabase):
            continue
        datasette.remove_database(name)
        datasette.add_database(ReloadingDatabase(datasette, db.path), name=name,
                               route=db.route)
