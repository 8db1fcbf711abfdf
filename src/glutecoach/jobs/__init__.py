"""Technique checks as jobs on a Dask cluster: the batch command's engine, and the engine the
web app's video jobs will share.

* ``sources``: a folder of clips or a manifest CSV into rows (each bad row named, not fatal).
* ``clip``: ``ClipJob`` (one check to run), ``ClipRecord`` (its stored outcome with
  provenance), ``run_clip_job`` (what a worker process runs).
* ``engine``: ``Engine`` (a local cluster or a scheduler address), ``Job`` (state, record).
* ``store``: ``ResultStore``, the batch's state in its output folder (resumable).
* ``batch``: ``plan_batch`` (hash, key, skip what is done) and ``run_batch``.
* ``tables``: the tidy clips / reps / holds / frames tables (Parquet and CSV).

Layering: above ``services`` (a job runs the same ``run_check`` as ``glutecoach check``),
below ``cli`` (and the web app), which only parse input and show progress.
"""
