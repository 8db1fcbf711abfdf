"""Frozen value types shared by every layer. No I/O lives here."""
