"""glutecoach: evidence-based gluteus medius strength coaching for runners."""

__version__ = "0.1.0"
