"""The options of a build as one traitlets configuration, shared with ``jupyter nbconvert``.

A build is configured like nbconvert: :class:`ReportBuild` holds the build's own options
(``c.ReportBuild.offline = True``) and each preprocessor its own
(``c.ValidateReportPreprocessor.strict = False``, ``c.SaveFiguresPreprocessor.folder``). The
command line, the invoke tasks and the JupyterLab extension turn their options into a
:class:`~traitlets.config.Config`; :func:`load_config` puts it on top of the nbconvert config files
(``jupyter_nbconvert_config.py`` or ``.json``) in Jupyter's config path, where nbconvert finds
them, and then in the notebook's folder, so that a setting made for ``jupyter nbconvert --to
report_readme`` also reaches ``report-nb build``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from traitlets import Bool, Dict, Float, Unicode
from traitlets.config import Config, Configurable
from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, PyFileConfigLoader

from report_nb.errors import ReportFormatError

CONFIG_NAME = "jupyter_nbconvert_config"
#: A cell running longer than this (seconds) fails the build, naming its question.
DEFAULT_TIMEOUT = 600.0


class ReportBuild(Configurable):
    """What ``report-nb build`` does with a notebook."""

    execute = Bool(True, help="Run the notebook; False exports the stored outputs.").tag(
        config=True
    )
    use_cache = Bool(True, help="Reuse the last outputs if nothing they depend on changed.").tag(
        config=True
    )
    offline = Bool(False, help="Set offline=True; network sources reuse their saved data.").tag(
        config=True
    )
    force = Bool(False, help="Overwrite outputs that were edited by hand.").tag(config=True)
    html = Bool(True, help="Write the HTML report too.").tag(config=True)
    readme = Unicode("", help="README path (default: the README the notebook came from).").tag(
        config=True
    )
    html_output = Unicode("", help="HTML path (default: report.html beside the README).").tag(
        config=True
    )
    kernel = Unicode("", help="Kernel name (default: the notebook's kernelspec).").tag(config=True)
    progress = Bool(True, help="Show papermill's progress bar.").tag(config=True)
    parameters = Dict(help="Values for the notebook's parameters cell.").tag(config=True)
    timeout = Float(
        DEFAULT_TIMEOUT, help="Seconds a cell may run before the build fails (0: no limit)."
    ).tag(config=True)


def load_config(folder: Path, overrides: Config | None = None) -> Config:
    """The nbconvert config files that apply to a notebook in ``folder``, then ``overrides``.

    Files are read in nbconvert's order (Jupyter's config path from the most general, then the
    folder); a later file wins.
    """
    from jupyter_core.paths import jupyter_config_path

    config = Config()
    folders = [*reversed(jupyter_config_path()), str(folder)]
    for place in dict.fromkeys(folders):
        for loader in (JSONFileConfigLoader, PyFileConfigLoader):
            suffix = ".json" if loader is JSONFileConfigLoader else ".py"
            try:
                config.merge(loader(CONFIG_NAME + suffix, path=place).load_config())
            except ConfigFileNotFound:
                continue
            except Exception as error:  # a student's config file is input: name it
                raise ReportFormatError(
                    f"cannot load this nbconvert config file: {error}".splitlines()[0],
                    path=Path(place) / (CONFIG_NAME + suffix),
                ) from None
    if overrides is not None:
        config.merge(overrides)
    return config


def build_config(
    *, strict: bool | None = None, profile: str | None = None, **options: Any
) -> Config:
    """A :class:`Config` from keyword options, e.g. ``build_config(offline=True, strict=False)``.

    ``strict`` and ``profile`` configure the validation, the rest :class:`ReportBuild`.
    """
    known = set(ReportBuild.class_trait_names(config=True))
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"unknown build options: {', '.join(unknown)}")
    config = Config()
    for name, value in options.items():
        if value is not None:  # an option the caller left unset keeps its default
            config.ReportBuild[name] = str(value) if isinstance(value, Path) else value
    if strict is not None:
        config.ValidateReportPreprocessor.strict = strict
    if profile is not None:
        config.ValidateReportPreprocessor.profile = profile
    return config
