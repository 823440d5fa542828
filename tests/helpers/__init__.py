"""Helpers the test modules share: imported from here, never from conftest.py or another test module.

project.py  a copy of the sample project, the real command line run in it
web.py      a local server, a guarded browser page, axe-core, screenshots, Pagefind's records
dom.py      a small DOM to read generated pages and built HTML by tag, class and id
pages.py    briefings made in memory, linked and rendered without a build
"""
