"""The HTML report.

``page`` builds its view model, ``markdown`` renders answers as sanitised HTML, and ``images``
embeds figures as data: URIs, never from outside the report folder.
"""
