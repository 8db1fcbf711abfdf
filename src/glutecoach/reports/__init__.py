"""Reports: exports and pictures made from plans, logs and decisions.

Pure functions from typed values to text, bytes or files; nothing here reads a clock or the
database. Import the module you need (this package imports none of them, so using one does not
load matplotlib, ReportLab or Jinja2 for the others):

- ``calendar``: ``plan_to_ics(plan, library, *, now)``, the planned sessions as iCalendar.
- ``handout``: ``handout_html(plan, library)`` and ``handout_pdf(plan, library)``, a printable
  plan with a card per exercise.
- ``figures`` (with ``stickfigure``): generated stick figures of each exercise's position, as SVG
  (``variation_svg``) or vector drawings for the PDF.
- ``progress``: the numbers behind the progress charts (weekly volume, levels, holds, pain,
  adherence).
- ``charts``: ``write_progress_charts(plan, logs, library, out_dir)``, PNG and SVG charts.
- ``guidance``: the pain limits the reports show, from the library's pain-monitoring guideline.
"""

__all__ = ["calendar", "charts", "figures", "guidance", "handout", "progress", "stickfigure"]
