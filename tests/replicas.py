"""Bot replicas for real: `compel serve --http` processes sharing one PostgreSQL database and one Chroma server,
posting to one local fake Slack. Used by the end-to-end test and benchmarks/bench_replicas.py."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, time as Time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.slack.console import payloads
from tests.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[1]
BOK = ROOT.parent / "shared" / "bok"
SECRET = "replica-signing-secret"
ADMIN = "UADMIN"
PROGRAM = "halvorsen"  # the demo program
_ENV_PREFIXES = ("SLACK_", "COMPEL_", "OPENAI_", "CHROMA_")
CHROMA_START_SECONDS = 240


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def chroma_exe() -> str | None:
    """The `chroma` CLI installed with chromadb, if any: the one beside this interpreter first.

    PATH may hold another `chroma` (a pyenv shim for an interpreter without chromadb exits with 127 at once).
    """
    beside = Path(sys.executable).with_name("chroma")
    exe = str(beside) if beside.exists() else shutil.which("chroma")
    return exe if exe and Path(exe).exists() else None


class Cluster:
    """A Chroma server, the BoK index built once against it, the demo program on PostgreSQL, and N replicas."""

    def __init__(self, work: Path, database_url: str, replicas: int = 2, tick: float = 1.0, **settings: str) -> None:
        self.work, self.database_url, self.n, self.tick = work, database_url, replicas, tick
        self.settings = settings  # more COMPEL_* settings for every replica
        self.fake = FakeSlack()
        self.procs: list[subprocess.Popen] = []
        self.bases: list[str] = []
        self.chroma_port = 0
        self.corpus = ""

    def env(self, data_dir: Path, **extra: str) -> dict[str, str]:
        """What each replica is given: its own data dir, the shared database and Chroma, the Slack settings."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(_ENV_PREFIXES)}
        env.update(
            COMPEL_DATA_DIR=str(data_dir), COMPEL_DATABASE_URL=self.database_url, CHROMA_HOST="127.0.0.1",
            CHROMA_PORT=str(self.chroma_port), HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
            SLACK_BOT_TOKEN="xoxb-replicas", SLACK_API_URL=self.fake.api_url, SLACK_SIGNING_SECRET=SECRET,
            COMPEL_ADMINS=ADMIN, COMPEL_PROGRAM=PROGRAM, COMPEL_STANDUP_TICK_SECONDS=str(self.tick), **self.settings, **extra,
        )
        return env

    def _compel(self, *args: str, data_dir: Path) -> None:
        done = subprocess.run([sys.executable, "-m", "bot.cli", *args], env=self.env(data_dir), cwd=self.work,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"compel {' '.join(args)} failed ({done.returncode}): {done.stderr[-1500:]}")

    def start_chroma(self) -> None:
        """`chroma run` on a free port, waited for until it accepts connections."""
        exe = chroma_exe()
        if exe is None:
            raise RuntimeError("the chroma server CLI (installed with chromadb) is not available")
        self.chroma_port = free_port()
        path = self.work / "chroma"
        proc = subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.chroma_port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(proc)
        # Generous: on a loaded machine the server takes well over a minute to start; an exit is reported at once.
        deadline = time.monotonic() + CHROMA_START_SECONDS
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the local chroma server exited with {proc.returncode} before accepting connections")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.chroma_port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"the local chroma server did not start within {CHROMA_START_SECONDS} s")

    def prepare(self, in_process: bool = False, seed: Path | None = None) -> None:
        """Build the index once against the shared Chroma (`compel index`), then load the demo program (`compel demo load`).

        `seed`, a data dir already indexed locally (the test session's), is copied to the server first: the index run
        then finds every passage stored (ids are content hashes) and embeds nothing, which saves the test its time.
        """
        admin = self.work / "admin"
        if BOK.is_dir() and any(BOK.glob("*.txt")):
            corpus, self.corpus = BOK, "BoK"
        else:
            from tests.foundation_fixtures import write_corpus

            corpus, self.corpus = write_corpus(self.work / "corpus"), "sample corpus (BoK absent)"
        if not in_process:
            self._compel("index", str(corpus), data_dir=admin)
            self._compel("demo", "load", data_dir=admin)
            return
        # The same two steps through the same Services calls, without two more interpreters starting (the test's time).
        from bot.commands.records import DEMO_FILE
        from bot.config import Settings
        from bot.services import Services
        from store.io import read_program

        remote = Settings(_env_file=None, **{k.removeprefix("COMPEL_").lower(): v for k, v in self.settings.items()},
                          data_dir=admin, database_url=self.database_url, chroma_host="127.0.0.1", chroma_port=self.chroma_port,
                          program=PROGRAM)
        if seed is not None:
            import numpy as np

            from store.vectors import open_vector_store

            stored = open_vector_store(Settings(_env_file=None, data_dir=seed)).all()
            open_vector_store(remote).upsert([s.chunk for s in stored], np.vstack([s.embedding for s in stored]))
        services = Services(remote)
        try:
            services.index.index_paths([corpus])
            program = read_program(DEMO_FILE)
            services.records.import_program(program, source=DEMO_FILE.name)
            services.sync_records(program.program.id)
        finally:
            services.close()

    def start_replicas(self) -> None:
        """Start the replicas side by side and wait until each is listening."""
        for i in range(self.n):
            data = self.work / f"replica-{i}"
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve", "--http", "--port", "0", "--host", "127.0.0.1"],
                env=self.env(data), cwd=self.work, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
            )
            self.procs.append(proc)
        for proc in self.procs[-self.n:]:
            for line in proc.stderr:  # blocks until the server has bound its socket
                if "listening on" in line:
                    self.bases.append(line.split("listening on ", 1)[1].split("/slack/events")[0].strip())
                    break
            else:
                raise RuntimeError(f"compel serve --http exited with {proc.wait()}")
            # Keep reading its log so the pipe never fills and blocks the replica.
            threading.Thread(target=proc.stderr.read, daemon=True).start()

    def start(self, in_process: bool = False) -> "Cluster":
        """Everything, in order."""
        self.start_chroma()
        self.prepare(in_process)
        self.start_replicas()
        return self

    def post(self, replica: int, body: str, content_type: str, headers: dict | None = None) -> tuple[int, str, float]:
        """A signed Slack request to one replica: (status, body, seconds to the acknowledgement)."""
        signed = {"Content-Type": content_type, **payloads.sign(SECRET, body), **(headers or {})}
        req = urllib.request.Request(self.bases[replica] + "/slack/events", data=body.encode(), headers=signed, method="POST")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.read().decode(), time.perf_counter() - started
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), time.perf_counter() - started

    def stop_replica(self, replica: int) -> None:
        """Stop one replica (as a rolling upgrade or a crash would)."""
        _stop(self.procs[len(self.procs) - self.n + replica])

    def close(self) -> None:
        """Stop every process and the fake Slack."""
        for proc in reversed(self.procs):
            _stop(proc)
        self.fake.close()


def daytime_zone(now: datetime, span: timedelta) -> str:
    """A time zone where [now, now + span] falls within one local day (stand-up times are wall-clock times)."""
    for name in ("UTC", "Asia/Tokyo", "America/New_York", "Australia/Sydney"):
        start = now.astimezone(ZoneInfo(name))
        if start.date() == (start + span).date() and start.hour >= 1:
            return name
    return "Pacific/Kiritimati"


def wall(now: datetime, zone: str, after: timedelta) -> Time:
    """The local wall-clock time (to the second) `after` from now in a zone."""
    return (now + after).astimezone(ZoneInfo(zone)).time().replace(microsecond=0)


def utc_now() -> datetime:
    """Now, in UTC."""
    return datetime.now(timezone.utc)
