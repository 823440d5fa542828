"""`briefkit init [DIR]`: a new project that builds at once, with nothing of the sample's story.

The files come from briefkit/skeleton/ (in the package): mkdocs.yml with the site's own
name and description to fill in, one example briefing and a small registry, docs/ with an
about page, the authoring guide and the home page's introduction, the theme's overrides,
a .gitignore and a README (the stylesheet is written by every conversion, from the package).
The skeleton's copies of the guide and of the overrides are the project's own (`make
skeleton` refreshes them; a test fails when they differ): MkDocs reads overrides from a
folder of the project, outside docs/, which briefkit does not write.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from briefkit.problems import BriefkitError, error

SKELETON = Path(__file__).parent / "skeleton"
# names a package cannot carry as they are (setuptools leaves dot-files out)
RENAMED = {"gitignore": ".gitignore"}


def skeleton_files() -> list[Path]:
    """Every file of the skeleton, relative to it, sorted."""
    return sorted(p.relative_to(SKELETON) for p in SKELETON.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def init_project(target: Path) -> list[str]:
    """Write a new project into target (created if missing); returns the files written.

    Refuses a folder that holds anything (naming what), so nothing of an author's is replaced.
    """
    if target.exists() and not target.is_dir():
        raise BriefkitError([error(str(target), 1, 1, "is a file: give a folder for the new project")])
    if target.is_dir():
        present = sorted(p.name for p in target.iterdir())
        if present:
            shown = ", ".join(present[:5]) + (f" and {len(present) - 5} more" if len(present) > 5 else "")
            raise BriefkitError([error(str(target), 1, 1, f"is not empty ({shown}): briefkit init writes a new "
                                       "project only into an empty or new folder, so that nothing is replaced")])
    written = []
    for relative in skeleton_files():
        destination = target / Path(*(RENAMED.get(part, part) for part in relative.parts))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SKELETON / relative, destination)
        written.append(destination.relative_to(target).as_posix())
    return written
