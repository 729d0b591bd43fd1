"""The embedded psql port as Python users reach it (issue #14): asyncpg with a pool (named prepared
statements, its reset-on-release query) and psycopg 3 with a pool (server-side prepared statements
from the first execution, DISCARD ALL as the reset), both at once against one port. Prints one JSON
object of results for db/wire/test/drivers.test.ts to check; exits non-zero on an unexpected error.

usage: python3 python_clients.py PORT
"""
import asyncio
import json
import sys
import threading

import asyncpg
import psycopg
import psycopg_pool

PORT = int(sys.argv[1])
DSN = f"postgresql://postgres@127.0.0.1:{PORT}/postgres"
results = {}


async def asyncpg_suite():
    pool = await asyncpg.create_pool(DSN, min_size=4, max_size=4)
    try:
        # Many statements at once through 4 connections, each prepared by asyncpg under its own name.
        sums = await asyncio.gather(*(pool.fetchval("SELECT $1::int + 1", i) for i in range(200)))
        results["asyncpg_sums_ok"] = sums == [i + 1 for i in range(200)]
        # Reset on release: a connection handed back with a setting changed comes back without it.
        async with pool.acquire() as conn:
            await conn.execute("SET search_path = pg_catalog")
            results["asyncpg_changed_search_path"] = await conn.fetchval("SHOW search_path")
        paths = set()
        for _ in range(8):
            async with pool.acquire() as conn:
                paths.add(await conn.fetchval("SHOW search_path"))
        results["asyncpg_search_paths_after_reset"] = sorted(paths)
        # Read-only by default, with Postgres' own error class.
        try:
            await pool.execute("DELETE FROM models")
            results["asyncpg_write"] = "allowed"
        except asyncpg.exceptions.ReadOnlySQLTransactionError as error:
            results["asyncpg_write"] = type(error).__name__
        async with pool.acquire() as conn:
            async with conn.transaction():
                results["asyncpg_in_transaction"] = await conn.fetchval(
                    "SELECT count(*) FROM subreddit_seriousness_hourly"
                )
    finally:
        await pool.close()


def psycopg_suite():
    # prepare_threshold=0: every query is prepared server-side (named _pg3_N) before it runs. The
    # reset is RESET ALL: psycopg 3.1 does not notice a DISCARD ALL dropping its prepared
    # statements (on any server), so DISCARD ALL is checked with node-postgres (sandbox.test.ts).
    pool = psycopg_pool.ConnectionPool(
        DSN,
        min_size=3,
        max_size=3,
        kwargs={"prepare_threshold": 0, "autocommit": True},
        reset=lambda conn: conn.execute("RESET ALL"),
        open=True,
    )
    errors = []
    totals = []

    def worker(n):
        try:
            for i in range(40):
                with pool.connection() as conn:
                    row = conn.execute("SELECT %s::int * 2 AS doubled", (n * 100 + i,)).fetchone()
                    totals.append(row[0] == (n * 100 + i) * 2)
                    if i % 10 == 0:
                        conn.execute("SET DateStyle = 'SQL, DMY'")
        except Exception as error:  # noqa: BLE001 — reported to the test
            errors.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with pool.connection() as conn:
        results["psycopg_datestyle_after_reset"] = conn.execute("SHOW DateStyle").fetchone()[0]
    pool.close()
    results["psycopg_queries_ok"] = len(totals) == 240 and all(totals)
    results["psycopg_errors"] = errors


async def main():
    # Both drivers at once on the same port: asyncpg in the event loop, psycopg in threads.
    psycopg_thread = threading.Thread(target=psycopg_suite)
    psycopg_thread.start()
    await asyncpg_suite()
    psycopg_thread.join()


asyncio.run(main())
print(json.dumps(results))
