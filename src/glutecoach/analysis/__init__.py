"""Pure numpy/scipy analysis of keypoint series: no video, no pose model, no I/O.

Modules (each importable on its own):

* ``skeleton``: keypoint schemas as data (MediaPipe BlazePose 33), lookup, mirroring.
* ``angles``: 2D image-plane angles with clinical definitions (knee FPPA, contralateral pelvic
  drop, trunk lean, knee flexion proxy, hip abduction) plus scale-free distance measures.
* ``filters``: the signal chain (visibility gating, Hampel, short-gap filling, zero-phase
  Butterworth on real timestamps), ``SignalParams``.
* ``reps``: rep segmentation with hysteresis and duration limits, ``RepParams``.
* ``synthetic``: a parametric skeleton and synthetic exercise series with known angles.

This package must never import cv2, mediapipe, a database or a web framework, so that it can
be tested on synthetic keypoints alone (checked by ``tests/analysis/test_boundaries.py``).
"""

ANALYSIS_VERSION = "0.3.0"
"""Version of the analysis algorithms; recorded with every result and bumped on any change
that can alter a number (angle conventions, filter defaults, rep rules)."""
