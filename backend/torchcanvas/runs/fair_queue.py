"""The queue of runs waiting for a worker: owners take turns, and each owner's runs keep their order.

With one first-come queue, an owner who queued twenty runs held back every teammate's first run
until all twenty had trained. Here owners are served by how many of their runs train now, then by
how long they have waited: the next run to start is the first waiting run of an owner with the
fewest runs training, among them the one whose latest run started or ended longest ago, an
owner with no run started yet counting from when its first waiting run was queued. So a teammate
who queues behind twenty runs waits for none of them once a worker is free, and for at most the
one that trains with one worker (a class review: a student's second run went before a
classmate's first, who had queued while the first trained); nobody waits for ever: a stream of
new owners (an identity costs nothing) cannot jump ahead of one who has waited longer since its
last run, as "new owners first" would let them. Jobs carry their owner's hash as `turn` (empty:
the runs of no owner, which share one turn); the runs of owners the server did not issue (a
made-up cookie, or none) are joined into their address's turn once queued (api/services.py). The executors hold the queue under their own lock.

The server's admin may put a waiting run first (`put_first`: a teacher's demo, while the class's
runs fill the queue): it starts next, before every turn, and counts as its owner's start. Only this
server's queue holds that: a restart queues every run again in its owners' turns.
"""

from collections import Counter, deque

from torchcanvas.training.job import TrainingJob

_REMEMBERED_TURNS = 10_000  # owners whose last start is kept; the longest ago are forgotten


class FairQueue:
    """Queued jobs by owner, taken in turns."""

    def __init__(self) -> None:
        self._waiting: dict[str, deque[tuple[int, TrainingJob]]] = {}
        self._last_start: dict[str, int] = {}  # turn -> the tick its latest run started or ended at
        self._training: dict[str, str] = {}  # run id -> its turn, for the runs started, not done
        self._tick = 0  # counts appends and starts alike: only the order matters
        self._order: list[TrainingJob] | None = None  # _in_order's, until the queue changes
        self._first: list[str] = []  # runs the admin put first, the one put last at the front

    def __len__(self) -> int:
        return sum(len(jobs) for jobs in self._waiting.values())

    def append(self, job: TrainingJob) -> None:
        self._order = None
        self._tick += 1
        self._waiting.setdefault(job.turn, deque()).append((self._tick, job))

    def popleft(self) -> TrainingJob:
        """The next job to start; its owner's turn then comes after every other owner's."""
        if not self._waiting:
            raise IndexError("no run is waiting")
        self._order = None
        while self._first:  # the admin's, first
            if found := self._find(self._first.pop(0)):
                self._drop(*found)
                return self._started(found[0], found[1][1])
        # Whose turn: of the owners with the fewest runs training, the one who has waited
        # longest, since its latest run started or ended or, with none started, since its first
        # waiting run was queued (ticks are unique: no ties).
        training = Counter(self._training.values())
        turn = min(
            self._waiting,
            key=lambda t: (training[t], self._last_start.get(t, self._waiting[t][0][0])),
        )
        entry = self._waiting[turn][0]
        self._drop(turn, entry)
        return self._started(turn, entry[1])

    def put_first(self, run_id: str) -> bool:
        """The waiting run starts next, before any other (the admin's); False when it is not
        waiting."""
        if self._find(run_id) is None:
            return False
        self._order = None
        self._first = [run_id, *(first for first in self._first if first != run_id)]
        return True

    def _started(self, turn: str, job: TrainingJob) -> TrainingJob:
        self._training[job.run_id] = turn
        self._turned(turn)
        return job

    def done(self, run_id: str) -> None:
        """The run a worker trained has ended: its owner's turn counts from now."""
        if (turn := self._training.pop(run_id, None)) is not None:
            self._turned(turn)

    def _turned(self, turn: str) -> None:
        self._order = None
        self._tick += 1
        self._last_start.pop(turn, None)
        self._last_start[turn] = self._tick  # newest last: the oldest are forgotten first
        if len(self._last_start) > _REMEMBERED_TURNS:
            del self._last_start[next(iter(self._last_start))]

    def remove(self, run_id: str) -> TrainingJob | None:
        """Takes the run's job out of the queue; None when it is not waiting."""
        if (found := self._find(run_id)) is None:
            return None
        self._order = None
        self._drop(*found)
        if run_id in self._first:
            self._first.remove(run_id)
        return found[1][1]

    def _find(self, run_id: str) -> tuple[str, tuple[int, TrainingJob]] | None:
        """The waiting run's turn and its entry there."""
        for turn, jobs in self._waiting.items():
            for entry in jobs:
                if entry[1].run_id == run_id:
                    return turn, entry
        return None

    def join(self, old: str, new: str) -> None:
        """The waiting runs of turn `old` take their turns as `new`'s, each owner's in the
        order it queued them: their owner was merged into another (store/transfers.py), and one
        person takes one turn. The merged owner's latest start is the later of the two."""
        if old == new:
            return
        self._order = None
        if moved := self._waiting.pop(old, None):
            retold = [(tick, job.model_copy(update={"turn": new})) for tick, job in moved]
            jobs = sorted([*self._waiting.get(new, ()), *retold], key=lambda entry: entry[0])
            self._waiting[new] = deque(jobs)
        if (started := self._last_start.pop(old, None)) is not None:
            self._last_start[new] = max(started, self._last_start.pop(new, started))
        for run_id, turn in self._training.items():
            if turn == old:
                self._training[run_id] = new

    def order(self) -> list[str]:
        """The waiting runs' ids in the order they will start, if nothing else is queued."""
        return [job.run_id for job in self._in_order()]

    def position(self, run_id: str) -> int | None:
        """1 for the run that starts next; None when it is not waiting."""
        order = self.order()
        return order.index(run_id) + 1 if run_id in order else None

    def drain(self) -> list[TrainingJob]:
        """Every waiting job, in the order they would have started; the queue is left empty."""
        jobs = self._in_order()
        self._waiting.clear()
        self._first.clear()
        self._order = None
        return jobs

    def _drop(self, turn: str, entry: tuple[int, TrainingJob]) -> None:
        jobs = self._waiting[turn]
        jobs.remove(entry)
        if not jobs:
            del self._waiting[turn]

    def _in_order(self) -> list[TrainingJob]:
        """The jobs as popleft would give them, worked out on a copy once until the queue
        changes: every queued run's page asks for its place each second."""
        if self._order is not None:
            return list(self._order)
        copy = FairQueue()
        copy._waiting = {turn: deque(jobs) for turn, jobs in self._waiting.items()}
        copy._last_start, copy._tick = dict(self._last_start), self._tick
        copy._training, copy._first = dict(self._training), list(self._first)
        self._order = [copy.popleft() for _ in range(len(copy))]
        return list(self._order)
