"""Video in, pose out, annotated video back: the only layer that touches OpenCV and MediaPipe.

* ``probe_video`` / ``open_video``: check a clip and stream its upright frames with real
  timestamps (``video.py``); ``VideoError`` for anything unreadable.
* Pose back ends behind the ``PoseEstimator`` protocol, created by name with ``create_backend``
  (``mediapipe`` default, ``keypoint-file``, ``fake``); ``estimate_video`` runs one on a clip.
* ``write_keypoints`` / ``read_keypoints``: our versioned CSV/JSON keypoint export.
* ``load_keypoints``: keypoints from other tools (OpenPose, COCO, TRC) or our own, one person
  in glutecoach's landmarks, through a registry of readers (``register_reader``).
* ``export_files``: research exports (TRC markers, MOT angles) through a registry of
  exporters (``register_exporter``).
* ``write_annotated_video``: skeleton, readouts, rep counter and fault labels drawn on the clip;
  ``readouts`` picks the live angles (the working leg's only for one-leg work), ``banners``
  sizes the text to the frame and stacks the banners without overlaps.

Long operations take ``on_progress(done, total)``; nothing here imports Rich. Wrap a step in
``quiet_native_stderr()`` to hide what MediaPipe/TFLite print to the terminal behind Python's back.
"""

from glutecoach.vision.annotate import (
    AnnotatedVideo,
    LegReadout,
    Overlays,
    Readout,
    TimedLabel,
    annotate_frame,
    write_annotated_video,
)
from glutecoach.vision.backends import (
    DEFAULT_BACKEND,
    PoseEstimate,
    PoseEstimator,
    backend_entries,
    backend_names,
    create_backend,
    register_backend,
)
from glutecoach.vision.encoder import VideoEncoder
from glutecoach.vision.keypoint_file import KeypointFile, read_keypoints, write_keypoints
from glutecoach.vision.keypoint_import import (
    ImportedPoseEstimator,
    KeypointImport,
    load_keypoints,
    reader_names,
    register_reader,
)
from glutecoach.vision.pipeline import VideoPose, estimate_video
from glutecoach.vision.progress import ProgressCallback
from glutecoach.vision.quiet import quiet_native_stderr
from glutecoach.vision.research_export import (
    ExportInput,
    export_files,
    exporter_names,
    register_exporter,
)
from glutecoach.vision.video import (
    DecodeReport,
    Frame,
    FrameStream,
    VideoInfo,
    open_video,
    probe_video,
)

__all__ = [
    "DEFAULT_BACKEND",
    "AnnotatedVideo",
    "DecodeReport",
    "ExportInput",
    "Frame",
    "FrameStream",
    "ImportedPoseEstimator",
    "KeypointFile",
    "KeypointImport",
    "LegReadout",
    "Overlays",
    "PoseEstimate",
    "PoseEstimator",
    "ProgressCallback",
    "Readout",
    "TimedLabel",
    "VideoEncoder",
    "VideoInfo",
    "VideoPose",
    "annotate_frame",
    "backend_entries",
    "backend_names",
    "create_backend",
    "estimate_video",
    "export_files",
    "exporter_names",
    "load_keypoints",
    "open_video",
    "probe_video",
    "quiet_native_stderr",
    "read_keypoints",
    "reader_names",
    "register_backend",
    "register_exporter",
    "register_reader",
    "write_annotated_video",
    "write_keypoints",
]
