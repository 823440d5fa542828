"""`briefkit serve`, the live preview: the loop that watches briefings/ and converts (loop.py), the
engine's server as a child process with its log relayed (engine.py), the first pass that shows an
edited briefing's own page at once (preview.py), and the stand-in pages of briefings left out
(stand_in.py). The command line imports loop.serve; the pipeline never imports this package.
"""
