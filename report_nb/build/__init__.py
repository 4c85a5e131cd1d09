"""Everything a command does to a report folder.

``layout`` names the files under ``.report-nb/``, ``state`` records what report-nb wrote,
``cache`` keeps the last execution, ``execute`` runs papermill, ``pipeline`` prepares and renders
a notebook once for every front end, ``builder`` is ``report-nb build``, ``project`` is import
and export, and ``merge`` brings README edits back.
"""
