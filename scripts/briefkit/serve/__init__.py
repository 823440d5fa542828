"""`briefkit serve`, the live preview: the loop that converts when briefings/ changes (loop.py), the watcher
of briefings/ in a process of its own (watch.py), the engine's server as a child process with its log
relayed and told which pages were written (engine.py), the first pass that shows an edited briefing's own
page at once (preview.py), and the stand-in pages of briefings left out (stand_in.py). The command line
imports loop.serve; the pipeline never imports this package.
"""
