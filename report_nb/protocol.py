"""What the kernel side and the build side agree on: output MIME types and environment variables.

Code cells talk to the build through outputs of their own MIME types (:mod:`report_nb.kernel`
publishes them, the build's preprocessors read them back from the executed notebook), and the
build talks to the kernel through environment variables set before papermill starts it.
"""

from __future__ import annotations

#: ``report_nb.glue(name, value)``: ``{"name": ..., "text": ...}``, a value for ``{{ name }}``.
GLUE_MIME = "application/vnd.report-nb.glue+json"
#: ``mark_stale(source, saved_at)``: the cell used saved data because the build ran --offline.
STALE_MIME = "application/vnd.report-nb.stale+json"
#: ``record_input(path)``: ``{"path": ..., "sha256": ...}``, a file the cell read (cache key).
INPUT_MIME = "application/vnd.report-nb.input+json"
#: Every MIME type of the protocol: outputs that carry data for the build, not answer text.
PROTOCOL_MIMES = frozenset({GLUE_MIME, STALE_MIME, INPUT_MIME})

#: "1" when the build runs with --offline: network sources reuse their saved data.
OFFLINE_ENV = "REPORT_NB_OFFLINE"
#: The folder where network sources save their last successful fetch.
SNAPSHOT_ENV = "REPORT_NB_SNAPSHOTS"

#: The folder report-nb keeps beside a notebook (:class:`report_nb.store.layout.Layout`).
STATE_DIR = ".report-nb"
#: Where, inside it, network sources keep their last fetch when no build set SNAPSHOT_ENV.
SNAPSHOT_DIR = "live"
