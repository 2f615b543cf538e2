"""`claims schedule`: crawl every configured source on its schedule, on a server.

APScheduler 3 (4 is still alpha) with a persistent job store in SQLite beside the log, so jobs
and their next run times survive a restart; one job per source (id `source:NAME`), replaced only
when its schedule changes; coalesced; never two runs of one source at once; a misfire grace time
from the config. Each run crawls (in a subprocess), extracts, reconciles and publishes the
snapshot atomically. A failing source is logged and the others go on. SIGTERM or SIGINT stops
after the running jobs finish; everything written is already committed.
"""
from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import datetime, timezone

from . import stages
from .config import Config, load_config
from .errors import USER_ERRORS

log = logging.getLogger("claims.schedule")
_WRITER = threading.Lock()  # the log has one writer: extraction and publishing take turns


def run_source(config_path: str, name: str) -> dict:
    """One scheduled run of one source. Never raises: a failure is logged and returned."""
    started = time.monotonic()
    run_id = datetime.now(timezone.utc).isoformat(timespec="seconds") + f" {name}"
    try:
        config = load_config(config_path)
        source = config.source(name)
        stats = stages.crawl(str(config.database), source.feeds, source.sitemaps, source.urls,
                             source.allowed_domains,
                             settings={**source.scrapy_settings(config), "CLAIMS_RUN_ID": run_id},
                             quiet=True)
        with _WRITER:
            done = stages.extract_pending(str(config.database), pack=config.pack, quiet=True)
            stages.refresh(str(config.database), pack=config.pack,
                           config={"reconcile": config.reconcile})
            stages.publish_snapshot(str(config.database), str(config.snapshot))
    except USER_ERRORS as exc:
        log.error("%s: run failed after %.1f s: %s", name, time.monotonic() - started, exc)
        return {"source": name, "error": str(exc)}
    except Exception as exc:  # a bug must not stop the other sources
        log.exception("%s: run failed: %s", name, exc)
        return {"source": name, "error": repr(exc)}
    totals = {k: sum(s.get(k, 0) for s in stats["by_source"].values())
              for k in ("pages", "new_articles", "revised", "unchanged", "errors")}
    log.info("%s: %d pages, %d new articles, %d revised, %d unchanged, %d new claims, "
             "%d errors in %.1f s", name, totals["pages"], totals["new_articles"],
             totals["revised"], totals["unchanged"], done["claims"], totals["errors"],
             time.monotonic() - started)
    return {"source": name, **totals, "new_claims": done["claims"]}


def _trigger(source, timezone_=timezone.utc):
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger
    if source.cron:
        return CronTrigger.from_crontab(source.cron, timezone=timezone_)
    return IntervalTrigger(seconds=source.every, timezone=timezone_)


def _scheduler_class():
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.base import STATE_STOPPED

    class Scheduler(BackgroundScheduler):
        """APScheduler 3's loop can wake once more while `shutdown(wait=True)` waits for the
        running jobs, and then submits a due job to the executor already shut down
        ("RuntimeError: cannot schedule new futures after shutdown"). Checking the state under
        the job-store lock, which shutdown takes after setting it, closes that window."""

        def _process_jobs(self):
            with self._jobstores_lock:
                if self.state == STATE_STOPPED:
                    return None
                return super()._process_jobs()
    return Scheduler


class _OncePerRun(logging.Filter):
    """APScheduler warns every time a due job is skipped because its last run is still going
    (every second for a 1 s schedule). Say it once per run of a source instead."""

    def __init__(self):
        super().__init__()
        self.skipping: set[str] = set()

    def on_event(self, event) -> None:
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES
        name = event.job_id.removeprefix("source:")
        if event.code != EVENT_JOB_MAX_INSTANCES:
            self.skipping.discard(name)  # the run ended: the next skip is news again
        elif name not in self.skipping:
            self.skipping.add(name)
            log.warning("%s: the previous run is still going; skipping runs until it ends "
                        "(maximum number of running instances reached)", name)

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in record.getMessage()


def make_scheduler(config: Config):
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MAX_INSTANCES
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    config.jobstore.parent.mkdir(parents=True, exist_ok=True)
    scheduler = _scheduler_class()(
        jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{config.jobstore}")},
        executors={"default": ThreadPoolExecutor(4)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": int(config.misfire_grace_time)},
        timezone=timezone.utc)
    once = _OncePerRun()
    aps_log = logging.getLogger("apscheduler.scheduler")
    for old in [f for f in aps_log.filters if isinstance(f, _OncePerRun)]:
        aps_log.removeFilter(old)  # one filter per process, the latest scheduler's
    aps_log.addFilter(once)
    scheduler.add_listener(once.on_event,
                           EVENT_JOB_MAX_INSTANCES | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return scheduler


def sync_jobs(scheduler, config: Config) -> dict[str, str]:
    """Make the job store hold exactly one job per configured source. A job whose schedule is
    unchanged keeps its next run time; a changed one is replaced; a removed source's job goes."""
    actions = {}
    wanted = {f"source:{s.name}": s for s in config.sources}
    for job in scheduler.get_jobs():
        if job.id.startswith("source:") and job.id not in wanted:
            scheduler.remove_job(job.id)
            actions[job.id] = "removed"
    path = str(config.path.resolve())
    for job_id, source in wanted.items():
        trigger = _trigger(source)
        existing = scheduler.get_job(job_id)
        if existing is not None and str(existing.trigger) == str(trigger) and \
                list(existing.args) == [path, source.name]:
            actions[job_id] = "kept"
            continue
        scheduler.add_job("claims.schedule:run_source", trigger, args=[path, source.name],
                          id=job_id, name=source.name, replace_existing=True)
        actions[job_id] = "replaced" if existing is not None else "added"
    return actions


def next_runs(config: Config) -> dict[str, str | None]:
    """Next run time of each source's job, read from the job store (nothing runs)."""
    if not config.jobstore.exists():
        return {}
    scheduler = make_scheduler(config)
    scheduler.start(paused=True)
    try:
        return {job.name: job.next_run_time.isoformat() if job.next_run_time else None
                for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)


def schedule(config_path: str, max_runtime: float | None = None, run_now: bool = False) -> int:
    config = load_config(config_path)
    scheduler = make_scheduler(config)
    scheduler.start(paused=True)
    for job_id, action in sorted(sync_jobs(scheduler, config).items()):
        log.info("job %s %s", job_id, action)
    if run_now:
        for job in scheduler.get_jobs():
            job.modify(next_run_time=datetime.now(timezone.utc))
    stop = threading.Event()

    def on_signal(signum, frame):
        log.info("signal %d: stopping after the running jobs finish", signum)
        stop.set()
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    scheduler.resume()
    for job in scheduler.get_jobs():
        log.info("%s: next run at %s", job.name, job.next_run_time)
    try:
        stop.wait(timeout=max_runtime)
    finally:
        scheduler.shutdown(wait=True)
        for s, handler in previous.items():
            signal.signal(s, handler)
    log.info("scheduler stopped")
    return 0
