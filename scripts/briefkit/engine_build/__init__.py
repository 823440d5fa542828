"""The engine's build and server that keep what an edit did not change (MkDocs 1.6 and ProperDocs).

- keeping.py: MkDocs' own build, page by page, keeping every page whose inputs are those of the last
  build (`briefkit build`; the server's first build and its rebuilds of anything but edited pages);
- rebuild.py: a serving process's rebuild of the edited pages alone, in the objects of its last build;
- server.py: the engine's server, told which pages briefkit wrote, whose watcher records what changed;
- command.py: `python -m briefkit.engine_build build|serve`.
"""

from briefkit.engine_build.command import main
from briefkit.engine_build.keeping import BuildRecord, BuildReport, LiveSite, LogLine, PageRecord, build

__all__ = ["BuildRecord", "BuildReport", "LiveSite", "LogLine", "PageRecord", "build", "main"]
