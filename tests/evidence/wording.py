"""The wording audit: find code names and broken grammar in what a person reads.

``wording_problems`` takes a text output (terminal, HTML with its markup, calendar, PDF text)
and reports:

- a snake_case identifier (``knee_fppa_deg``, ``min_duration_s``, ``signal.cutoff_hz``);
- a metric's code name with its underscores turned into spaces (``knee fppa deg``,
  ``hip descent ratio``, ``free foot touchdowns``) and a bare unit code after a word
  (``fppa deg``: a unit follows a number, or sits in brackets after a name);
- a doubled word (``in in``, ``the the``);
- a count that disagrees with its noun (``1 sets``, ``1 reps``) and a hedged plural
  (``rep(s)``);
- a doubled full stop (``comfortable..``; an ellipsis ``...`` is fine).

JSON outputs are contracts whose keys are code names by design, so they are not audited here.
"""

from __future__ import annotations

import html
import re

from glutecoach.domain.glossary import GAIT_METRICS, METRICS, PARAMETERS
from glutecoach.library.renderer import TAG_CLOSE, TAG_OPEN

SNAKE = re.compile(r"(?<![\w/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")
DOUBLED = re.compile(r"(?<![\w-])([A-Za-z]{2,})[ \t]+\1\b", re.IGNORECASE)
COUNT_NOUNS = (
    "sets|reps|steps|holds|days|sessions|weeks|minutes|seconds|touchdowns|exercises|times|"
    "clips|frames|problems|checks|runners|decisions"
)
ONE_PLURAL = re.compile(
    rf"(?<![\d.,/-])\b1 (?:more |complete |good-form |planned )?(?:{COUNT_NOUNS})\b"
)
HEDGED = re.compile(r"\b[a-z]+\(s\)")
DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
BARE_UNIT = re.compile(r"\b[A-Za-z]+[ \t]+deg\b")

SPOKEN_CODE_NAMES = sorted(
    {name.replace("_", " ") for name in (*METRICS, *GAIT_METRICS, *PARAMETERS) if "_" in name},
    key=len,
    reverse=True,
)
"""Code names read aloud: what ``name.replace('_', ' ')`` used to print."""


def visible_text(text: str) -> str:
    """``text`` as a person sees it: without styles, scripts and markup (a line break where a
    block or ``<br>`` ends), entities decoded, the renderer's tags dropped."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"<br\s*/?>|</(?:p|li|dt|dd|td|th|tr|h\d|div|figcaption|title)>", "\n", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text).replace(TAG_OPEN, "").replace(TAG_CLOSE, "")


def wording_problems(text: str) -> list[str]:
    """Every passage of ``text`` a person should not read (empty: all plain words)."""
    seen = visible_text(text)
    found: list[str] = []
    found += [f"code name {m.group(0)!r}" for m in SNAKE.finditer(seen)]
    lowered = seen.lower()
    found += [f"code name read aloud {name!r}" for name in SPOKEN_CODE_NAMES if name in lowered]
    found += [f"bare unit code {m.group(0)!r}" for m in BARE_UNIT.finditer(seen)]
    found += [f"doubled word {m.group(0)!r}" for m in DOUBLED.finditer(seen)]
    found += [f"count and noun disagree {m.group(0)!r}" for m in ONE_PLURAL.finditer(seen)]
    found += [f"hedged plural {m.group(0)!r}" for m in HEDGED.finditer(seen)]
    for m in DOUBLE_STOP.finditer(seen):
        start = max(0, m.start() - 30)
        found.append(f"doubled full stop {seen[start : m.end() + 10]!r}")
    return found
