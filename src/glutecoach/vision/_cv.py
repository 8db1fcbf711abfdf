"""OpenCV, imported once with FFmpeg's and OpenCV's own logging turned down.

A damaged file makes FFmpeg print hundreds of decoder errors on stderr; glutecoach reports such
problems through warnings and ``VideoError`` instead. The variables must be set before cv2 loads,
so every vision module imports cv2 from here.
"""

import os

os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")

import cv2

__all__ = ["cv2"]
