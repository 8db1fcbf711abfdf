"""Follow one subject through a clip with a landmark model that finds the most prominent person.

A ``SubjectWorker`` owns two pose graphs (anything with ``process(rgb) -> result`` and
``reset()``, where ``result.pose_landmarks.landmark`` holds normalised ``x, y, visibility``, as
MediaPipe's legacy solutions return): a *tracker* run frame to frame on a crop around the
subject, and a *scanner* run on single whole frames to find people. Several workers (one per
thread) may share one ``SharedSubject``, so they agree on whom to follow, and one scanner
(serialised by ``SharedSubject.scanner_lock``).

Determinism: with several workers, every shared decision is taken as if the frames were seen
one after another, whatever the threads' timing. The thread that hands out frames decides when a
whole-frame scan is due (``scan_due``); a worker choosing whom to follow on frame ``slot`` first
waits until every earlier frame is finished (``finish``) and then reads the subject's box from the
latest earlier frame only. The same clip therefore always gives the same landmarks.

Policy (see ``subject.py`` for the geometry): at the first frame where anyone is seen, follow the
most prominent person; track them on a crop around their box from the previous frame; after
``lost_after`` frames without them, search the whole frame again and take the person nearest to
where they were last seen (someone far from there only after ``patience_s`` without the
subject). Whole-frame searches also run every ``scan_interval_s`` to count the people in view,
with the followed person masked so they cost one detector run when nobody else is there.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from glutecoach.domain.glossary import plural
from glutecoach.domain.pose import FloatArray
from glutecoach.vision._cv import cv2
from glutecoach.vision.subject import (
    Box,
    Crop,
    choose_subject,
    crop_around,
    describe_position,
    landmarks_box,
    nearest,
    needs_new_crop,
    overlap,
)
from glutecoach.vision.video import Frame, ImageArray

Landmarks = tuple[FloatArray, FloatArray]


def landmarks_of(result: Any, crop: Crop) -> Landmarks | None:
    """Landmarks of a pose-graph result in full-frame pixels, or None when nobody was found."""
    landmarks = getattr(result, "pose_landmarks", None)
    if landmarks is None:
        return None
    raw = np.array([(lm.x, lm.y, lm.visibility) for lm in landmarks.landmark], dtype=np.float64)
    points = np.empty((raw.shape[0], 2))
    points[:, 0] = crop.x0 + raw[:, 0] * crop.width
    points[:, 1] = crop.y0 + raw[:, 1] * crop.height
    visibility = np.clip(np.nan_to_num(raw[:, 2], nan=0.0), 0.0, 1.0)
    return points, visibility


def rgb_window(image: ImageArray, crop: Crop) -> ImageArray:
    """The crop of a BGR frame as a contiguous RGB array (what the pose graphs take)."""
    window = image[crop.y0 : crop.y1, crop.x0 : crop.x1]
    return np.ascontiguousarray(cv2.cvtColor(window, cv2.COLOR_BGR2RGB))


@dataclass
class _State:
    # (time, box) of the subject in the latest frames, sorted by time; workers may add them
    # slightly out of order, so a choice reads the latest one before its own frame.
    recent_boxes: list[tuple[float, Box]] = field(default_factory=list)
    last_scan_s: float = float("-inf")
    first_choice: Box | None = None
    people_seen: int = 0
    reacquired: int = 0
    far_switches: int = 0
    finished: set[int] = field(default_factory=set)
    finished_below: int = 0  # every slot below this one is finished

    def box_before(self, t: float) -> tuple[float, Box] | None:
        i = bisect.bisect_left(self.recent_boxes, t, key=lambda entry: entry[0])
        return self.recent_boxes[i - 1] if i else None


# Boxes kept for ``box_before``: far more than the frames the workers can be ahead of a choice.
_RECENT_BOXES = 64


class SharedSubject:
    """Whom the workers follow and what they have seen; safe to use from several threads."""

    def __init__(
        self, scan_interval_s: float = 2.0, *, max_jump: float = 0.75, patience_s: float = 3.0
    ) -> None:
        self.scan_interval_s = scan_interval_s
        self.scanner_lock = threading.Lock()
        self.max_jump = max_jump
        self.patience_s = patience_s
        self._lock = threading.Lock()
        self._finished = threading.Condition(self._lock)
        self._state = _State()

    def scan_due(self, t: float) -> bool:
        """Whether a whole-frame scan is due at time ``t``; ask it in frame order (one thread)."""
        with self._lock:
            if t - self._state.last_scan_s >= self.scan_interval_s:
                self._state.last_scan_s = t
                return True
            return False

    def saw_people(self, count: int) -> None:
        with self._lock:
            self._state.people_seen = max(self._state.people_seen, count)

    def pick(
        self,
        boxes: list[Box],
        size: tuple[int, int],
        t: float,
        *,
        reacquire: bool,
        slot: int | None = None,
    ) -> int | None:
        """Choose among people found on a whole frame at time ``t``: the most prominent at
        first; later the one nearest the subject's last known box. A worker that ``reacquire``s
        after losing the subject takes someone far from there only once the subject has been
        missing for ``patience_s`` (else None: keep looking). With ``slot`` (the frame's place in
        the clip, when several workers share this subject), the choice waits until every
        earlier frame is finished."""
        with self._finished:
            if slot is not None:
                self._finished.wait_for(lambda: self._state.finished_below >= slot)
            state = self._state
            last = state.box_before(t)
            if last is None:
                choice = choose_subject(boxes, size)
                if state.first_choice is None:
                    state.first_choice = boxes[choice]
                return choice
            last_s, last_box = last
            choice, distance = nearest(boxes, last_box)
            if not reacquire:  # another worker's first look: join the subject already chosen
                return choice
            far = distance > self.max_jump
            if far and t - last_s < self.patience_s:
                return None
            state.reacquired += 1
            state.far_switches += int(far)
            return choice

    def update(self, box: Box, t: float) -> None:
        """The subject was found in ``box`` at time ``t``."""
        with self._lock:
            recent = self._state.recent_boxes
            bisect.insort(recent, (t, box), key=lambda entry: entry[0])
            del recent[:-_RECENT_BOXES]

    def finish(self, slot: int) -> None:
        """Frame ``slot`` is done (found or not): choices on later frames may go ahead."""
        with self._finished:
            state = self._state
            state.finished.add(slot)
            while state.finished_below in state.finished:
                state.finished.remove(state.finished_below)
                state.finished_below += 1
            self._finished.notify_all()

    @property
    def people_seen(self) -> int:
        with self._lock:
            return self._state.people_seen

    def warnings(self, size: tuple[int, int]) -> list[str]:
        with self._lock:
            state = self._state
        notes: list[str] = []
        if state.people_seen > 1 and state.first_choice is not None:
            notes.append(
                f"{state.people_seen} people were seen in the video; the analysis follows one "
                "person, chosen as the largest and most central at the start "
                f"({describe_position(state.first_choice, size)}), tracked from frame to frame"
            )
        if state.reacquired:
            notes.append(
                f"the followed person was lost {plural(state.reacquired, 'time')} and found "
                "again near where they were last seen"
            )
        if state.far_switches:
            notes.append(
                "after losing the followed person, the person found again was far from where "
                "they were last seen: check in the annotated video that it is the same person"
            )
        return notes


class SubjectWorker:
    """Per-thread tracking state: the crop around the subject and how long they were lost.

    While nobody is followed, whole-frame searches run at most every ``search_every_s``.
    """

    search_every_s = 0.2

    def __init__(
        self,
        tracker: Any,
        scanner: Any,
        shared: SharedSubject,
        *,
        follow: bool = True,
        max_people: int = 3,
        lost_after: int = 5,
    ) -> None:
        self._tracker = tracker
        self._scanner = scanner
        self._shared = shared
        self._follow = follow
        self._max_people = max_people
        self._lost_after = lost_after
        self._crop: Crop | None = None
        self._lost = 0
        self._had_subject = False
        self._next_search_s = float("-inf")

    def scan(self, image: ImageArray, known: Box | None = None) -> list[Box]:
        """Find up to ``max_people`` people on the whole frame, masking each one found.

        ``known`` is the followed person's box in this frame: it is masked before the first
        search, so a routine scan only looks for others (when nobody else is there, that costs
        one person-detector run, not a landmark run), and it counts as the first box.
        """
        height, width = image.shape[:2]
        full = Crop(0, 0, width, height)
        work = image.copy()
        boxes: list[Box] = []

        def mask(box: Box) -> None:
            area = box.expanded(0.08).clipped((width, height))
            work[int(area.y0) : int(area.y1) + 1, int(area.x0) : int(area.x1) + 1] = 0

        if known is not None:
            boxes.append(known)
            mask(known)
        while len(boxes) < self._max_people:
            with self._shared.scanner_lock:
                result = self._scanner.process(rgb_window(work, full))
            found = landmarks_of(result, full)
            box = landmarks_box(*found) if found is not None else None
            if box is None or any(overlap(box, seen) > 0.5 for seen in boxes):
                break
            boxes.append(box)
            mask(box)
        self._shared.saw_people(len(boxes))
        return boxes

    def process(
        self, frame: Frame, *, slot: int | None = None, scan_due: bool | None = None
    ) -> Landmarks | None:
        """The subject's landmarks in this frame (full-frame pixels), or None.

        When several workers share the subject, the thread handing out frames passes each
        frame's ``slot`` (its place in the clip) and whether a scan is ``scan_due`` (see the
        module docstring); a single worker may leave both out.
        """
        height, width = frame.image.shape[:2]
        size = (width, height)
        if not self._follow:
            full = Crop(0, 0, width, height)
            found = landmarks_of(self._tracker.process(rgb_window(frame.image, full)), full)
            self._shared.saw_people(int(found is not None))
            return found
        t = frame.timestamp_s
        if scan_due is None:
            scan_due = self._shared.scan_due(t)
        if self._crop is None and (scan_due or t >= self._next_search_s):
            self._acquire(frame, size, slot)
            scan_due = False
        found = None
        if self._crop is not None:
            window = rgb_window(frame.image, self._crop)
            found = landmarks_of(self._tracker.process(window), self._crop)
        box = landmarks_box(*found) if found is not None else None
        if scan_due:  # count the people in view; the subject (if tracked) is masked first
            self.scan(frame.image, known=box)
        if found is None or box is None or self._crop is None:
            self._lost += 1
            if self._lost >= self._lost_after:
                self._crop = None
            return None
        self._lost = 0
        self._had_subject = True
        self._shared.update(box, frame.timestamp_s)
        if needs_new_crop(self._crop, box, size):
            new = crop_around(box, size)
            if abs(new.height - self._crop.height) > 0.25 * self._crop.height:
                self._tracker.reset()
            self._crop = new
        return found

    def _acquire(self, frame: Frame, size: tuple[int, int], slot: int | None) -> None:
        """Search the whole frame for the person to follow and set the crop around them."""
        boxes = self.scan(frame.image)
        self._next_search_s = frame.timestamp_s + self.search_every_s
        if boxes:
            choice = self._shared.pick(
                boxes, size, frame.timestamp_s, reacquire=self._had_subject, slot=slot
            )
            if choice is not None:
                # No reset needed: the tracker has no landmarks to follow at this point, so its
                # own detector runs on the new crop (a reset costs a model restart).
                self._crop = crop_around(boxes[choice], size)
