"""Video checks from the web on a real Dask worker process: a shared clip uploaded, checked
with the real pose model, its annotated video served to its runner only, the set logged with
the runner's corrected count; bad uploads refused with the CLI's messages; a clip without a
person a failed job with the check's message; a killed worker process loses no job; gait clips
join the gait history; videos deleted with the check, the account and past their keeping time."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from glutecoach.library.catalogue import Library
from glutecoach.services import video_checks
from glutecoach.services.video_checks import VideoParams
from glutecoach.storage import Database
from tests.evidence.wording import wording_problems
from tests.videos import SyntheticVideo
from tests.web.support import Browser
from tests.web.video_support import (
    GAIT_CLIP,
    GLUTE_BRIDGE,
    new_runner,
    shared_clip,
    upload,
    video_app,
    wait_for_job,
)


@dataclass
class Working:
    """Alex, onboarded, on an app whose jobs run on a local cluster of one worker process."""

    make: Callable[[], Browser]
    alex: Browser
    runner_id: str
    media: Path


@pytest.fixture
def working(database: Database, library: Library, tmp_path: Path) -> Iterator[Working]:
    media = tmp_path / "media"
    with video_app(database, library, media, run_jobs=True) as make:
        alex, runner_id = new_runner(make, "alex@example.org", "Alex")
        yield Working(make, alex, runner_id, media)


def _wait_until_posing(alex: Browser, job_id: str) -> None:
    deadline = time.monotonic() + 120
    while alex.get(f"/api/checks/{job_id}").json()["progress"] == 0:
        assert time.monotonic() < deadline, "the pose model never started on the clip"
        time.sleep(0.1)


@pytest.mark.real_data
def test_uploaded_clip_is_checked_on_a_worker_and_its_set_logged(working: Working) -> None:
    clip = shared_clip(GLUTE_BRIDGE)
    make, alex, runner_id, media = working.make, working.alex, working.runner_id, working.media
    answer = upload(alex, clip, "glute-bridge")
    assert answer.status_code == 201, answer.text
    job = answer.json()
    assert job["status"] == "queued"
    done = wait_for_job(alex, job["id"])
    assert done["status"] == "done", done["failure"]
    assert done["attempts"] == 1
    assert done["result"]["exercise"] == "glute-bridge"
    assert done["result"]["summary"]["rep_count"] >= 1
    assert done["result"]["backend"]["name"].startswith("mediapipe")
    video = alex.get(done["annotated_video"])
    assert video.status_code == 200
    assert video.headers["content-type"] == "video/mp4"
    assert video.content[4:8] == b"ftyp"
    ranged = alex.get(done["annotated_video"], headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206
    assert len(ranged.content) == 100
    page = alex.get(f"/checks/{job['id']}").text
    assert f'src="/media/{job["id"]}/annotated.mp4"' in page
    assert "Log this set" in page
    assert wording_problems(page) == []  # plain words (issue 13)

    blake, _ = new_runner(make, "blake@example.org", "Blake")
    assert blake.get(done["annotated_video"]).status_code == 404
    assert blake.get(f"/api/checks/{job['id']}").status_code == 404
    assert (
        blake.api("POST", f"/api/checks/{job['id']}/log", json={"pain_during": 0}).status_code
        == 404
    )

    side = done["result"]["reps"][0]["side"]
    logged = alex.api(
        "POST",
        f"/api/checks/{job['id']}/log",
        json={
            "pain_during": 1,
            "corrections": [{"side": side, "reps_done": 3, "good_form_reps": 2}],
        },
    )
    assert logged.status_code == 200, logged.text
    day = dt.date.fromisoformat(logged.json()["date"])
    history = alex.get(f"/api/runners/{runner_id}/history").json()
    sets = [s for entry in history if entry["date"] == str(day) for s in entry["sets"]]
    checked = [s for s in sets if s["variation_id"] == "glute-bridge"]
    assert checked == [
        {**checked[0], "reps_done": 3, "good_form_reps": 2, "pain_during": 1, "side": side}
    ]
    again = alex.api("POST", f"/api/checks/{job['id']}/log", json={"pain_during": 1})
    assert again.status_code == 422
    assert "already logged" in again.json()["detail"][0]["msg"]
    assert (media / job["id"] / "out" / "annotated.mp4").is_file()


def test_bad_uploads_are_refused_with_the_checks_message(
    database: Database, library: Library, tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    media = tmp_path / "media"
    text = tmp_path / "notes.txt"
    text.write_text("not a video")
    corrupt = tmp_path / "broken.mp4"
    corrupt.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    empty = tmp_path / "empty.mov"
    empty.write_bytes(b"")
    long_clip = synthetic_video("long.mp4", frames=60, fps=10.0)  # 6 s
    params = VideoParams(max_duration_s=5.0, max_upload_mb=1.0)
    big = tmp_path / "big.mp4"
    big.write_bytes(b"\x00" * 1_100_000)
    with video_app(database, library, media, run_jobs=False, params=params) as make:
        alex, _ = new_runner(make, "alex@example.org", "Alex")
        cases = {
            text: "is not a video file",
            corrupt: "broken.mp4",
            empty: "is empty",
            long_clip: "longer than the 5 s",
            big: "larger than 1 MB",
        }
        for path, message in cases.items():
            answer = upload(alex, path, "glute-bridge")
            assert answer.status_code == 422, (path.name, answer.text)
            detail = answer.json()["detail"][0]["msg"]
            assert message in detail, detail
            assert "Traceback" not in detail
            assert str(media) not in detail
        unknown = upload(alex, long_clip, "no-such-exercise")
        assert unknown.status_code == 422
        assert "No exercise with id 'no-such-exercise'" in unknown.json()["detail"][0]["msg"]
        unseen = upload(alex, long_clip, "supine-isometric-hip-abduction")  # not checkable
        assert unseen.status_code == 422
        assert "nothing moves" in unseen.json()["detail"][0]["msg"]
        choices = alex.get("/checks").text
        assert 'value="glute-bridge"' in choices
        assert "supine-isometric-hip-abduction" not in choices
        page = alex.submit(
            "/checks/new?exercise=glute-bridge",
            "/checks",
            {"kind": "technique", "exercise": "glute-bridge"},
        )
        assert page.status_code == 422
        assert "choose the clip" in page.text
        assert alex.get("/api/checks").json() == []
    assert not media.exists() or list(media.iterdir()) == []


def test_a_clip_without_a_person_fails_with_the_checks_message(
    working: Working, synthetic_video: SyntheticVideo
) -> None:
    clip = synthetic_video("empty-room.mp4", frames=20)
    alex = working.alex
    job = upload(alex, clip, "glute-bridge").json()
    failed = wait_for_job(alex, job["id"])
    assert failed["status"] == "failed"
    assert failed["failure"].startswith("empty-room.mp4: no person was found in any frame")
    assert "film-guide glute-bridge" in failed["failure"]
    assert str(working.media) not in failed["failure"]
    assert "The check could not be done" in alex.get(f"/checks/{job['id']}").text


def test_videos_are_deleted_with_the_check_and_with_the_account(
    database: Database, library: Library, tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    clip = synthetic_video("set.mp4", frames=20)
    media = tmp_path / "media"
    with video_app(database, library, media, run_jobs=False) as make:
        alex, _ = new_runner(make, "alex@example.org", "Alex")
        first = upload(alex, clip, "glute-bridge").json()
        second = upload(alex, clip, "glute-bridge").json()
        assert sorted(p.name for p in media.iterdir()) == sorted([first["id"], second["id"]])
        assert alex.api("DELETE", f"/api/checks/{first['id']}").status_code == 204
        assert [p.name for p in media.iterdir()] == [second["id"]]
        assert alex.get(f"/media/{second['id']}/clip").content == clip.read_bytes()
        assert alex.api("DELETE", "/api/me").status_code == 204
        assert list(media.iterdir()) == []


@pytest.mark.real_data
def test_gait_clip_is_checked_and_joins_the_gait_history(working: Working) -> None:
    clip = shared_clip(GAIT_CLIP)
    alex, runner_id = working.alex, working.runner_id
    assert "How to film your running" in alex.get("/gait").text
    job = upload(alex, clip, None, kind="gait").json()
    assert job["exercise"] == "running-gait"
    done = wait_for_job(alex, job["id"])
    assert done["status"] == "done", done["failure"]
    assert done["result"]["cadence_spm"] > 120
    (entry,) = alex.get(f"/api/runners/{runner_id}/gait").json()
    assert entry["video_name"] == clip.name
    assert entry["cadence_spm"] == pytest.approx(done["result"]["cadence_spm"])
    page = alex.get("/gait").text
    assert clip.name in page
    assert alex.get(f"/media/{job['id']}/gait_report.html").status_code == 200


@pytest.mark.real_data
def test_a_killed_worker_process_loses_no_job(working: Working) -> None:
    clip = shared_clip(GLUTE_BRIDGE)
    alex = working.alex
    job = upload(alex, clip, "glute-bridge").json()
    _wait_until_posing(alex, job["id"])
    workers = [  # the local cluster's worker processes (their nannies run in this one)
        child for child in psutil.Process().children() if "spawn_main" in " ".join(child.cmdline())
    ]
    assert len(workers) == 1, workers
    for worker in workers:
        worker.kill()
    done = wait_for_job(alex, job["id"])
    assert done["status"] == "done", done["failure"]
    assert done["result"]["summary"]["rep_count"] >= 1


def test_videos_past_their_keeping_time_are_deleted(
    database: Database, library: Library, tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    clip = synthetic_video("set.mp4", frames=20)
    media = tmp_path / "media"
    params = VideoParams(keep_days=2)
    with video_app(database, library, media, run_jobs=False, params=params) as make:
        alex, _ = new_runner(make, "alex@example.org", "Alex")
        job = upload(alex, clip, "glute-bridge").json()
        kept = dt.datetime.fromisoformat(job["expires_at"]) - dt.datetime.fromisoformat(
            job["created_at"]
        )
        assert kept == dt.timedelta(days=2)
        now = database.clock()
        assert video_checks.expire_videos(database, media) == 0
        database.clock = lambda: now + dt.timedelta(days=2, seconds=1)
        assert video_checks.expire_videos(database, media) == 1
        assert list(media.iterdir()) == []
        assert alex.get(f"/api/checks/{job['id']}").status_code == 404


@pytest.mark.real_data
def test_a_check_deleted_while_it_runs_leaves_nothing_on_disk(working: Working) -> None:
    clip = shared_clip(GLUTE_BRIDGE)
    alex, media = working.alex, working.media
    first = upload(alex, clip, "glute-bridge").json()
    _wait_until_posing(alex, first["id"])
    assert alex.api("DELETE", f"/api/checks/{first['id']}").status_code == 204
    second = upload(alex, clip, "glute-bridge").json()  # one worker: runs after the first
    assert wait_for_job(alex, second["id"])["status"] == "done"
    assert [p.name for p in media.iterdir()] == [second["id"]]
