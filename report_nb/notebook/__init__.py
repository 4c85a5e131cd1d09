"""The report as a notebook.

``cells`` turns the model into cells and metadata and back, ``outputs`` turns code cell outputs
into answer Markdown, and ``pairing`` reads and writes ``report.ipynb`` and its jupytext pair.
"""
