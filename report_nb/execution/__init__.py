"""Running the report's code: papermill on a copy of the notebook, and the cache of its outputs.

``engine`` executes a notebook with papermill through one registered engine (per-run state goes
through papermill's ``engine_kwargs``, never through globals or ``os.environ``), and ``cache``
reuses the last execution when nothing the code depends on has changed.
"""
