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
- ``charts``: ``write_progress_charts(plan, logs, library, out_dir, today=...)``, PNG and SVG
  charts; ``chart_axes`` ticks their time axes (whole weeks and days, one week to a season) and
  wraps variation names into distinct labels.
- ``guidance``: the pain limits the reports show, from the library's pain-monitoring guideline.
- ``technique``: ``technique_html(result, variation, ...)``, the technique check's HTML report,
  built from ``technique_text`` (its wording and citations), ``technique_plots`` (the figures),
  ``technique_drawing`` (the plot building blocks) and ``technique_metrics`` (metric names,
  units and formats); ``technique_exports`` writes ``analysis.json`` and ``frames.csv``.
- ``gait_report``: the running-gait check's HTML report (plain column headers with units,
  tables that fit an A4 page in print) and per-step plots.
- ``templating``: the Jinja2 environment every HTML report starts from.
"""

__all__ = [
    "calendar",
    "chart_axes",
    "charts",
    "figures",
    "gait_report",
    "guidance",
    "handout",
    "progress",
    "stickfigure",
    "technique",
    "technique_drawing",
    "technique_exports",
    "technique_metrics",
    "technique_plots",
    "technique_text",
    "templating",
]
