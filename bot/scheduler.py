"""APScheduler wiring: one sweeper per process claims due chases and digests and sends them.

The database is the truth (bot.ports.ChaseStore). APScheduler 3 only runs the clockwork: a
single in-memory interval job (no pickled job holds a client or a session) with
`misfire_grace_time=None` and `coalesce=True`, so a late run is never skipped and a backlog
is one run. After each sweep the job is moved to the next due moment, so a chase goes out on
time without polling; the interval (`sweep_every`, seconds) is the longest it ever sleeps.

A sweep: (1) claim due digests and due promises; for each, write the delivery (unique key)
and store the next chase, in one transaction; (2) claim ready deliveries in batches, send them
through the Messenger on a small thread pool, record the platform reference or the error.
A crash between (1) and the end of (2) leaves deliveries `sending` with a lease; when it lapses
they are sent again, so nothing is lost and duplicates are limited to sends in flight.

A live process keeps its leases: a keeper thread renews, a third of a lease apart, the lease of
every delivery it holds (queued or being sent), fenced by the claim's `attempts`, so a send
slower than a lease (a loaded machine, a slow Slack) is never claimed and sent again by another
process, and a delivery another process did take meanwhile is not sent here. When the database
is out of reach, a send already made keeps trying to record itself, and no new send starts
until the keeper reaches the database again: a message is not sent twice for want of a record.

Sends are fair across workspaces (bot.sending.FairSender): each workspace has its own 429
pause, its own backoff after network trouble and its own rate limits (per workspace, per
channel), and all the send threads but one at most; one workspace's rate limit or outage never
delays another's chases. Sending goes on in the background while the sweeper claims more.
"""

from __future__ import annotations

import logging
import threading
import time as _time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot import notices
from bot.chasing import (
    ASK,
    CHECK_IN,
    NUDGES,
    OVERDUE,
    OVERDUE_TEAM,
    REMINDER,
    ChaseRules,
    due_chase,
    heard_at,
    next_chase,
    plan,
)
from bot.counterparts import TOLD, TOLD_KEPT, CustomerRules
from bot.digest import digest, trend_since, week_slot, week_start
from bot.directory import Directory
from bot.i18n import lang_of
from bot.messages import Formatter, Message
from bot.model import EventKind, Person, Promise, PromiseEvent, Status, Workspace
from bot.ports import (
    ChaseContext,
    ChaseMeter,
    ChaseStore,
    Clock,
    Delivery,
    DeliveryError,
    Messenger,
    Outgoing,
    PersonDefaults,
    PromiseStore,
    Replan,
)
from bot.sending import Bucket, FairSender, Job, Rate, RateLimiter

log = logging.getLogger(__name__)

DIGEST = "digest"
SENT, FAILED, SKIPPED, PENDING = "sent", "failed", "skipped", "pending"
CLOSED, RESCHEDULED, HEARD = "closed", "rescheduled", "heard"  # why a send was skipped
UNINSTALLED = "uninstalled"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_EVENTS = {
    REMINDER: EventKind.REMINDED,
    OVERDUE: EventKind.OVERDUE,
    ASK: EventKind.ASKED,
    CHECK_IN: EventKind.PROMPTED,
}


@dataclass
class SweepResult:
    """What one sweep did: promises and workspaces claimed, and how the sends ended."""

    planned: int = 0
    digests: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retried: int = 0
    error: int = 0

    def add(self, outcome: str, lock: threading.Lock) -> None:
        with lock:
            setattr(self, outcome, getattr(self, outcome, 0) + 1)


@dataclass(frozen=True, slots=True)
class SendLimits:
    """Client-side rate limits: per workspace and per channel (None: no limit)."""

    workspace: Rate | None = None
    channel: Rate | None = None


def next_digest_time(
    after: datetime, tz: str, day: str, at: time, *, not_in: str | None = None
) -> datetime:
    """The first weekly digest moment strictly after `after` (UTC), on `day` at `at` in `tz`.

    APScheduler's CronTrigger computes it; the answer is checked against the calendar, because
    3.11.3 skips a week when the time falls in a DST gap (e.g. 00:30 on Chile's spring-forward
    Sunday) and gives a repeated wall time twice. A gap time moves forward by the gap; a
    repeated one fires once, at its first occurrence. `not_in` is a week slot already served.
    """
    zone = ZoneInfo(tz)
    trigger = CronTrigger(day_of_week=day, hour=at.hour, minute=at.minute, timezone=zone)
    fired = trigger.get_next_fire_time(None, (after + timedelta(seconds=1)).astimezone(zone))
    local_after = after.astimezone(zone)
    monday = local_after.date() - timedelta(days=local_after.weekday())
    expected = _wall(monday + timedelta(days=_DAYS.index(day)), at, zone)
    while expected <= after or week_slot(expected, tz) == not_in:
        monday += timedelta(days=7)
        expected = _wall(monday + timedelta(days=_DAYS.index(day)), at, zone)
    if fired is not None and fired.astimezone(UTC) == expected:
        return expected
    log.info("digest time corrected for DST in %s: %s -> %s", tz, fired, expected)
    return expected


def _wall(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


class Chaser:
    """The sweeper of one process: `start()` runs it on APScheduler, `sweep()` runs it once."""

    def __init__(
        self,
        *,
        store: PromiseStore,
        chases: ChaseStore,
        directory: Directory,
        messenger: Messenger,
        formatter: Formatter,
        clock: Clock,
        rules: ChaseRules,
        digest_at: tuple[str, time] = ("mon", time(9, 0)),
        batch: int = 200,
        workers: int = 4,
        lease: timedelta = timedelta(seconds=60),
        sweep_every: float = 5.0,
        on_sent: Callable[[Delivery, Message], None] | None = None,
        customers: CustomerRules | None = None,
        platforms: Mapping[str, tuple[Messenger, Formatter]] | None = None,
        messenger_for: Callable[[Workspace], Messenger] | None = None,
        limits: SendLimits | None = None,
        per_workspace: int | None = None,
        meter: ChaseMeter | None = None,
    ) -> None:
        self.store = store
        self.chases = chases
        self.directory = directory
        self.messenger = messenger
        # the messenger for one workspace (its own token, its platform); default: `messenger`
        self.messenger_for = messenger_for
        self.fmt = formatter
        # each workspace's deliveries go through its platform's (Workspace.platform) messenger
        # and formatter; `messenger` and `formatter` serve platforms not listed here
        self.platforms = dict(platforms or {})
        self.clock = clock
        self.rules = rules
        self.digest_day, self.digest_time = digest_at
        self.batch = batch
        self.workers = workers
        self.lease = lease
        self.sweep_every = sweep_every
        self.on_sent = on_sent
        self.customers = customers or CustomerRules()
        self.limits = limits or SendLimits()
        self.meter = meter
        limited = self.limits.workspace is not None or self.limits.channel is not None
        self._sender = FairSender(
            workers,
            per_key=per_workspace,
            limiter=RateLimiter() if limited else None,
            horizon=lease.total_seconds() / 3,
        )
        self.per_workspace = self._sender.per_key  # sends to one workspace at a time, at most
        self._lock = threading.Lock()
        self._counting = threading.Lock()
        self._pauses: dict[int, datetime] = {}  # workspace id: no sends there until then (UTC)
        # deliveries this process holds (queued or being sent): id -> the claim's attempts,
        # the fencing token its lease is renewed with; `_lost`: leases another sender took
        self._in_flight: dict[int, int] = {}
        self._lost: set[int] = set()
        self._store = threading.Condition()  # `_store_down` changes under it
        self._store_down = False  # the database failed us; sends wait until the keeper is back
        self._keeper: threading.Thread | None = None
        self._stop = threading.Event()
        self.resumed_at: float | None = None  # time.monotonic() sending last resumed after it
        self._scheduler: BackgroundScheduler | None = None
        self._closing = False
        self.last_sweep: float | None = None  # time.monotonic() when the last sweep ended

    # clockwork ------------------------------------------------------------------------------
    def start(self) -> None:
        """Run the sweeper on a BackgroundScheduler: now, then at each next due moment."""
        if self._scheduler is not None:
            return
        scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 2},
        )
        scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=self.sweep_every, timezone=UTC),
            id="prometo-sweep",
            next_run_time=datetime.now(UTC),
        )
        scheduler.start()
        self._scheduler = scheduler
        keeper = threading.Thread(target=self._keep_leases, name="prometo-leases", daemon=True)
        keeper.start()
        self._keeper = keeper

    def shutdown(self) -> None:
        """Stop the clockwork, let a running sweep finish, wait for sends in flight."""
        self._closing = True
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            # not wait=True: APScheduler 3 holds its job store lock while it waits for running
            # jobs, and a running sweep needs that lock to reschedule itself: a deadlock
            scheduler.shutdown(wait=False)
        with self._store:
            self._store.notify_all()  # sends waiting for the database give up
        with self._lock:  # a sweep in progress ends; later ticks see _closing and leave
            pass
        self._sender.shutdown()  # queued sends go back to the queue; running ones finish
        self._stop.set()
        if self._keeper is not None:
            self._keeper.join(timeout=30)

    def wake(self) -> None:
        """Sweep as soon as possible (time moved, or a promise changed), not at the next tick."""
        scheduler = self._scheduler
        if scheduler is not None:
            self._reschedule(scheduler, datetime.now(UTC))

    @property
    def alive(self) -> bool:
        """True when the clockwork runs (a process without a chaser has none to check)."""
        scheduler = self._scheduler
        return scheduler is not None and scheduler.running and not self._closing

    def _tick(self) -> None:
        # a second run while one is busy (a long backlog, or the console's own sweep) just
        # leaves; the running one reschedules the job when it is done
        if not self._lock.acquire(blocking=False):
            return
        try:
            if self._closing:
                return
            if self._store_down:  # the database failed us: renew (fencing) before any send,
                self.renew_leases()  # so the first sweep that reaches it sends again
            if self.meter is not None:
                oldest = self.chases.oldest_due(self.clock.now())
                lag = (self.clock.now() - oldest).total_seconds() if oldest else 0.0
                self.meter.sweep(max(0.0, lag))
            self._sweep(budget=max(1.0, self.sweep_every))
            # under the lock: shutdown() waits for it, so no query starts after the engine is
            # disposed (a connection taken then was never closed: a ResourceWarning later)
            self._wake_at_next_due()
        except Exception as error:  # bot/ sees no driver: any failure here is the database's
            # the interval trigger runs the next sweep; sends wait until the keeper is back
            again = self._store_down  # said once per outage (with the traceback, should it
            self._trouble(error)  # be a bug and not the database), then only in debug logs
            (log.debug if again else log.warning)(
                "sweep failed (%s); next in %.1f s",
                _brief(error),
                self.sweep_every,
                exc_info=not again,
            )
        finally:
            self.last_sweep = _time.monotonic()
            self._lock.release()

    def _wake_at_next_due(self) -> None:
        scheduler = self._scheduler
        if scheduler is None or not scheduler.running:
            return
        due = self.chases.next_due()
        delay = self.sweep_every
        if due is not None:
            delay = min(delay, max(0.0, (due - self.clock.now()).total_seconds()))
        self._reschedule(scheduler, datetime.now(UTC) + timedelta(seconds=delay))

    def _reschedule(self, scheduler: BackgroundScheduler, at: datetime) -> None:
        if self._closing or not scheduler.running:
            return
        try:
            scheduler.modify_job("prometo-sweep", next_run_time=at)
        except (JobLookupError, SchedulerNotRunningError):  # stopped meanwhile: nothing to do
            return

    # one sweep ------------------------------------------------------------------------------
    def sweep(self) -> SweepResult:
        """Claim everything due now and send it; returns when nothing ready is left."""
        with self._lock:
            try:
                return self._sweep(budget=None)
            finally:
                self.last_sweep = _time.monotonic()

    def _sweep(self, budget: float | None) -> SweepResult:
        """One pass; with a `budget` (seconds) it returns early and the job runs again at once.

        Sends go on in the background: without a budget the pass waits for them to end."""
        started = _time.monotonic()
        result = SweepResult()
        while True:
            now = self.clock.now()
            result.digests += self.chases.plan_digests(now, self.batch, self._decide_digest)
            planned = self.chases.plan_due(now, self.batch, self._decide)
            result.planned += planned
            left = None if budget is None else max(0.0, budget - (_time.monotonic() - started))
            claimed = self._send_ready(result, wait=left)
            if not planned and not claimed:
                if budget is None and self._sender.pending:
                    self._sender.wait_idle()
                    continue
                return result
            if budget is not None and _time.monotonic() - started > budget:
                return result

    def _send_ready(self, result: SweepResult, wait: float | None) -> int:
        """Claim what is ready, as much as the sender has room for, and hand it over."""
        room = self._sender.wait_room(self.batch, timeout=wait)
        if room <= 0:
            return 0
        now = self.clock.now()
        claimed = self.chases.claim_deliveries(now, room, self.lease)
        with self._counting:  # a send of ours still in flight whose lease looks lapsed (the
            # clock jumped, or the send is slow) stays with the job that has it, which now
            # holds it with this claim's token
            ready = [d for d in claimed if d.id not in self._in_flight]
            for d in claimed:
                self._in_flight[d.id] = d.attempts
                self._lost.discard(d.id)
        if not ready:  # nothing new: the pass waits for its sends rather than claim again
            return 0
        try:
            context = self.chases.context(ready)
        except Exception:  # the database went away between the claim and here: held by no
            with self._counting:  # job, they must not be renewed; their leases lapse and
                for d in ready:  # the next claim takes them again
                    self._in_flight.pop(d.id, None)
            raise
        # a send starts well within its lease, or goes back to the queue
        deadline = _time.monotonic() + self.lease.total_seconds() * 0.75
        done = partial(self._count, result)
        self._sender.submit(
            Job(
                key=delivery.workspace_id,
                run=partial(self._deliver, delivery, context),
                defer=partial(self._defer, delivery),
                done=partial(done, delivery),
                deadline=deadline,
                buckets=self._buckets(delivery, context),
            )
            for delivery in ready
        )
        return len(ready)

    def _count(self, result: SweepResult, delivery: Delivery, outcome: str) -> None:
        result.add(outcome, self._counting)
        with self._counting:
            self._in_flight.pop(delivery.id, None)
            self._lost.discard(delivery.id)
        if self.meter is not None:
            self.meter.chase(delivery.kind, outcome)

    def _defer(self, delivery: Delivery, seconds: float) -> str:
        """Back to the queue, to be sent `seconds` from now (rate limit, lease running out)."""
        now = self.clock.now()
        retry = now + timedelta(seconds=seconds)
        self.chases.finish(delivery.id, PENDING, now, error="deferred", retry_at=retry)
        return "retried"

    def _buckets(self, delivery: Delivery, context: ChaseContext) -> tuple[Bucket, ...]:
        """The rate-limit buckets a delivery draws on: its workspace's and its channel's."""
        found: list[Bucket] = []
        workspace, channel = delivery.workspace_id, self.limits.channel
        if self.limits.workspace is not None:
            found.append((("workspace", workspace), self.limits.workspace))
        if channel is not None:
            where: Hashable = ("team", workspace)  # overdue posts and digests: one channel
            if delivery.kind not in (OVERDUE_TEAM, DIGEST):
                promise = context.promises.get(delivery.promise_id or 0)
                where = ("dm", promise.owner_id if promise else delivery.promise_id)
            found.append((("channel", workspace, where), channel))
        return tuple(found)

    # leases and the database --------------------------------------------------------------
    def _keep_leases(self) -> None:
        """The keeper thread: renew held leases a third of a lease apart; while the database
        is out of reach, try every half second (or sooner, with a short lease)."""
        every = max(0.05, self.lease.total_seconds() / 3)
        while not self._stop.wait(min(every, 0.5) if self._store_down else every):
            self.renew_leases()

    def renew_leases(self) -> None:
        """Extend the lease of every delivery this process holds; note those it lost."""
        with self._counting:
            held = dict(self._in_flight)
        try:
            if held:
                kept = self.chases.renew(held, self.clock.now() + self.lease)
            else:
                kept = set()
                if self._store_down:  # nothing held: any query says whether it is back
                    self.chases.next_due()
        except Exception as error:  # bot/ sees no driver: any failure here is the database's
            self._trouble(error)
            return
        with self._counting:
            for id_, token in held.items():
                if id_ not in kept and self._in_flight.get(id_) == token:
                    self._lost.add(id_)  # sent and recorded meanwhile, or another's now
        self._back()

    def _trouble(self, error: Exception) -> None:
        with self._store:
            if not self._store_down:
                log.warning("database out of reach (%s); sends wait", _brief(error))
            self._store_down = True

    def _back(self) -> None:
        with self._store:
            if self._store_down:
                log.info("database reachable again; sending resumes")
                self.resumed_at = _time.monotonic()
            self._store_down = False
            self._store.notify_all()

    def _wait_for_store(self) -> bool:
        """Before a send: wait while the database is out of reach (only while the keeper
        runs, which sees it come back); False when closing meanwhile."""
        if self._keeper is None:
            return True
        with self._store:
            self._store.wait_for(lambda: not self._store_down or self._closing)
        return not self._closing

    def _record_sent(
        self,
        delivery: Delivery,
        sent_at: datetime,
        ref: str,
        channel: str | None,
        event: PromiseEvent | None,
    ) -> None:
        """Record a send that happened; while the database is out of reach, keep trying (a
        send not recorded would be claimed and sent again once its lease lapsed)."""
        pause = 0.2
        while True:
            try:
                self.chases.finish(
                    delivery.id, SENT, sent_at, message_ref=ref, channel=channel, event=event
                )
            except Exception as error:  # bot/ sees no driver: any failure is the database's
                if self._closing:
                    raise
                self._trouble(error)
                with self._store:  # until the keeper sees it back (or a while, without one)
                    self._store.wait_for(lambda: not self._store_down or self._closing, pause)
                pause = min(5.0, pause * 2)
                continue
            if self._keeper is None:  # no keeper to tell: this write says it is back
                self._back()
            return

    def paused_until(self, workspace_id: int) -> datetime | None:
        """Until when (UTC) nothing is sent to this workspace (Retry-After, backoff), if paused."""
        return self._pauses.get(workspace_id)

    def _pause(self, workspace_id: int, until: datetime) -> None:
        with self._counting:
            self._pauses[workspace_id] = max(self._pauses.get(workspace_id, until), until)

    # deciding -------------------------------------------------------------------------------
    def _decide(self, promise: Promise, owner: Person) -> Replan:
        now = self.clock.now()
        planned = plan(promise, owner, self.rules)
        chase = due_chase(promise, owner, now, self.rules, planned=planned)
        if chase is None:
            return Replan(None, None)
        if chase.at > now:
            return Replan(chase.at, chase.kind)
        outgoing = Outgoing(
            key=f"p{promise.id}/{chase.kind}/{chase.slot}",
            workspace_id=promise.workspace_id,
            kind=chase.kind,
            slot=chase.slot,
            promise_id=promise.id,
        )
        after = next_chase(promise, owner, now, self.rules, after=chase, planned=planned)
        return Replan(after.at if after else None, after.kind if after else None, (outgoing,))

    def _decide_digest(self, workspace: Workspace) -> Replan:
        now = self.clock.now()
        tz = workspace.timezone
        scheduled = workspace.next_digest_at
        if scheduled is None:
            return Replan(next_digest_time(now, tz, self.digest_day, self.digest_time), None)
        slot = week_slot(scheduled, tz)
        out: tuple[Outgoing, ...] = ()
        if week_slot(now, tz) == slot:  # after a long outage, last week's digest is history
            key = f"w{workspace.id}/{DIGEST}/{slot}"
            out = (Outgoing(key=key, workspace_id=workspace.id, kind=DIGEST, slot=slot),)
        after = max(now, scheduled)
        nxt = next_digest_time(after, tz, self.digest_day, self.digest_time, not_in=slot)
        return Replan(nxt, None, out)

    # sending --------------------------------------------------------------------------------
    def _deliver(self, delivery: Delivery, context: ChaseContext) -> str:
        if not self._wait_for_store() or delivery.id in self._lost:
            # closing, or its lease lapsed and another sender has it: not ours to send; the
            # row keeps its lease and whoever holds it (or the next claim) sends it
            return "retried"
        now = self.clock.now()
        paused = self._pauses.get(delivery.workspace_id)
        if paused is not None:
            if now < paused:  # this workspace said wait (429) or is down: not a call until then
                self.chases.finish(delivery.id, PENDING, now, retry_at=paused)
                return "retried"
            with self._counting:
                if self._pauses.get(delivery.workspace_id) == paused:
                    del self._pauses[delivery.workspace_id]
        try:
            target = self._compose(delivery, context, now)
        except LookupError as gone:
            self.chases.finish(delivery.id, SKIPPED, now, error=str(gone), rearm=False)
            return "skipped"
        if isinstance(target, str):
            # a promise closed or rescheduled since was planned anew by the book: what waited
            # on this delivery is stale; an uninstalled workspace is not chased until it is
            # installed again; after any other reason, the promise's chasing goes on
            rearm = target not in (CLOSED, RESCHEDULED, HEARD, UNINSTALLED)
            self.chases.finish(delivery.id, SKIPPED, now, error=target, rearm=rearm)
            return "skipped"
        to, message = target
        messenger = self._messenger(context.workspaces[delivery.workspace_id])
        try:
            if isinstance(to, str):
                ref = messenger.post(to, message)
                channel: str | None = to
            else:
                ref = messenger.send_dm(to, message)
                channel = to.dm_channel
        except DeliveryError as error:
            return self._failed(delivery, error, to, now)
        except OSError as error:  # network trouble: this workspace backs off, never dropped
            log.warning("send of %s failed (%s); will retry", delivery.key, error)
            retry = now + _backoff(delivery.attempts)
            self._pause(delivery.workspace_id, retry)
            self.chases.finish(
                delivery.id, PENDING, now, error=type(error).__name__, retry_at=retry
            )
            return "retried"
        sent_at = self.clock.now()
        event = None
        if delivery.promise_id is not None and delivery.kind in _EVENTS:
            event = PromiseEvent(delivery.promise_id, _EVENTS[delivery.kind], sent_at)
        elif delivery.promise_id is not None and delivery.kind in TOLD:
            event = PromiseEvent(delivery.promise_id, EventKind.TOLD, sent_at, reason=delivery.kind)
        self._record_sent(delivery, sent_at, ref, channel, event)
        if self.on_sent is not None:
            self.on_sent(delivery, message)
        return "sent"

    def _messenger(self, workspace: Workspace) -> Messenger:
        """The messenger for one workspace: `messenger_for`'s when given, else its platform's."""
        if self.messenger_for is not None:
            return self.messenger_for(workspace)
        return self.platform(workspace)[0]

    def _failed(
        self, delivery: Delivery, error: DeliveryError, to: Person | str, now: datetime
    ) -> str:
        if error.permanent:
            log.warning("send of %s refused for good: %s", delivery.key, error.code)
            self.chases.finish(delivery.id, FAILED, now, error=error.code)
            if isinstance(to, str) and error.code in ("not_in_channel", "channel_not_found"):
                self._hint_installer(delivery.workspace_id, now)
            return "failed"
        if error.retry_after is not None:
            # counted from the answer, not from when the send began (a slow answer would
            # otherwise end the wait early and the next send meet another 429)
            until = self.clock.now() + timedelta(seconds=max(error.retry_after, 0.0))
            self._pause(delivery.workspace_id, until)
            self.chases.finish(delivery.id, PENDING, now, error=error.code, retry_at=until)
            return "retried"
        retry = now + _backoff(delivery.attempts)
        self._pause(delivery.workspace_id, retry)  # its side is in trouble: that workspace waits
        self.chases.finish(delivery.id, PENDING, now, error=error.code, retry_at=retry)
        return "retried"

    def _compose(
        self, delivery: Delivery, context: ChaseContext, now: datetime
    ) -> tuple[Person | str, Message] | str:
        """Whom to send to and what, from today's state; a string says why not to send."""
        workspace = context.workspaces.get(delivery.workspace_id)
        if workspace is None:
            raise LookupError("workspace_gone")
        if not workspace.active:
            return UNINSTALLED
        fmt = self.platform(workspace)[1]
        if delivery.kind == DIGEST:
            channel = self.directory.team_channel(workspace)
            if channel is None:
                self._hint_installer(workspace.id, now)
                return "no_channel"
            this_week = week_start(delivery.slot, workspace.timezone)
            previous = week_slot(this_week - timedelta(days=3), workspace.timezone)
            since = week_start(previous, workspace.timezone)
            data = self.chases.digest_data(workspace.id, since, this_week)
            start = trend_since(delivery.slot, workspace.timezone)
            record = self.store.track_record(workspace.id, start, this_week)
            lang = lang_of(workspace.locale)
            message = digest(
                data,
                delivery.slot,
                workspace.timezone,
                lang,
                now,
                fmt,
                silence_days=self.customers.silence_days,
                record=record,
                people=workspace.digest_people,
                chart=self.shows_images(workspace),
            )
            return channel, message
        promise = context.promises.get(delivery.promise_id or 0)
        if promise is None:
            raise LookupError("promise_gone")
        if delivery.kind in TOLD:
            return self._tell_counterpart(delivery, promise, context, now, fmt)
        if promise.status is not Status.OPEN:
            return CLOSED
        if not delivery.slot.startswith(f"{promise.due:%Y%m%dT%H%MZ}/"):
            return RESCHEDULED
        owner = context.people.get(promise.owner_id)
        if owner is None:
            raise LookupError("owner_gone")
        if delivery.kind in NUDGES and now >= promise.due:
            return "stale"
        if delivery.kind == REMINDER:
            return self._dm(owner, notices.reminder(promise, owner, now, fmt))
        if delivery.kind == ASK:
            return self._dm(owner, notices.ask(promise, owner, now, fmt))
        if delivery.kind == CHECK_IN:
            if not delivery.slot.endswith(f"/{heard_at(promise):%Y%m%dT%H%MZ}"):
                return HEARD  # they heard since it was planned: the book planned anew
            return self._dm(owner, notices.check_in(promise, owner, now, fmt))
        if delivery.kind == OVERDUE:
            return self._dm(owner, notices.overdue(promise, owner, now, fmt))
        if delivery.kind == OVERDUE_TEAM:
            channel = self.directory.team_channel(workspace)
            if channel is None:
                self._hint_installer(workspace.id, now)
                return "no_channel"
            lang = lang_of(workspace.locale)
            message = notices.team_post(promise, owner, workspace.timezone, lang, now, fmt)
            return channel, message
        return f"unknown_kind:{delivery.kind}"

    def _tell_counterpart(
        self,
        delivery: Delivery,
        promise: Promise,
        context: ChaseContext,
        now: datetime,
        fmt: Formatter,
    ) -> tuple[Person, Message] | str:
        """Tell the counterpart person of the delivery or the new date it was queued for."""
        kept = delivery.kind == TOLD_KEPT
        if kept and (promise.status is not Status.DONE or promise.completed_at is None):
            return CLOSED  # reopened since: nothing to tell
        if kept and not delivery.slot.endswith(f"/{promise.completed_at:%Y%m%dT%H%M%SZ}"):
            return CLOSED
        if not kept and (
            promise.status is not Status.OPEN
            or not delivery.slot.startswith(f"{promise.due:%Y%m%dT%H%MZ}/")
        ):
            return RESCHEDULED  # moved again (that date is told instead) or closed
        reader = context.people.get(promise.counterpart_id or 0)
        owner = context.people.get(promise.owner_id)
        if reader is None or owner is None:
            raise LookupError("person_gone")
        reason = None
        if not kept:
            moves = [e for e in self.store.events(promise.id) if e.kind is EventKind.RESCHEDULED]
            reason = moves[-1].reason if moves else None
        lang = lang_of(reader.locale)
        message = notices.told(promise, owner, reader, lang, now, fmt, kept=kept, reason=reason)
        return self._dm(reader, message)

    def platform(self, workspace: Workspace | None) -> tuple[Messenger, Formatter]:
        """The messenger and formatter of a workspace's platform."""
        if workspace is not None and workspace.platform in self.platforms:
            return self.platforms[workspace.platform]
        return self.messenger, self.fmt

    def shows_images(self, workspace: Workspace | None) -> bool:
        """Whether the workspace's platform shows pictures; a messenger that can't (the
        console) says `shows_images = False`, and no chart is drawn for it."""
        return bool(getattr(self.platform(workspace)[0], "shows_images", True))

    def _dm(self, person: Person, message: Message) -> tuple[Person, Message] | str:
        return (person, message) if person.active else "inactive"

    def _hint_installer(self, workspace_id: int, now: datetime) -> None:
        """Tell the installer once how to choose a team channel."""
        workspace = self.store.get_workspace(workspace_id)
        if workspace is None or not workspace.installer:
            return
        if not self.chases.claim_channel_hint(workspace_id, now):
            return
        defaults = PersonDefaults(timezone=workspace.timezone, locale=workspace.locale)
        installer = self.store.person(workspace, workspace.installer, defaults)
        try:
            messenger = self._messenger(workspace)
            messenger.send_dm(installer, notices.channel_hint(lang_of(installer.locale)))
        except (DeliveryError, OSError) as error:
            log.warning("could not tell the installer about the team channel: %s", error)


def _brief(error: Exception) -> str:
    """An error in one line: its type and the first line of its message."""
    first = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(300, 2 ** max(attempts, 1)))
