"""The site's own pages and briefkit's, compared by the address MkDocs gives them.

A hand-written `docs/tags.md` and the generated `docs/tags/index.md` are two files but one
page, /tags/: MkDocs builds one of them and the other is lost without a word (a blog's
tag chips pointed at briefkit's tag index). Every such pair is an error naming both files,
found before anything is written, the same in check, convert, build and serve.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefkit.problems import Problem, error
from briefkit.project import Project
from briefkit.urls import SECTION_INDEXES, SiteUrls, briefing_path, entity_path, tag_path
from briefkit.write import MANIFEST, NOT_OURS, read_manifest


def generated_pages(slugs: Iterable[str], entity_ids: Iterable[str], tags: Iterable[str]) -> set[str]:
    """The docs paths of the pages briefkit generates for these briefings, entities and tags (not counting
    the pages a large archive adds: archive pages, years and months, types, which live in its folders)."""
    return ({*SECTION_INDEXES} | {briefing_path(s) for s in slugs} | {entity_path(e) for e in entity_ids}
            | {tag_path(t) for t in tags})


def own_pages(project: Project) -> list[str]:
    """The Markdown pages of docs/ that briefkit did not write (by its manifest), relative to docs/."""
    docs = project.docs_dir
    if not docs.is_dir():
        return []
    written = set(read_manifest(docs)) | {MANIFEST}
    found = []
    for file in sorted(docs.rglob("*.md")):
        relative = file.relative_to(docs).as_posix()
        if relative not in written and not any(part.startswith(".") for part in file.relative_to(docs).parts):
            found.append(relative)
    return found


def address(urls: SiteUrls, docs_path: str) -> str:
    """The address MkDocs gives a page: README.md is its folder's index, as index.md is."""
    folder, _, name = docs_path.rpartition("/")
    if name.lower() == "readme.md":
        docs_path = f"{folder}/index.md" if folder else "index.md"
    return urls.page(docs_path)


def clash_problems(project: Project, generated: set[str], same_path: bool = True) -> list[Problem]:
    """An error for each page of the site's own whose address (or, with same_path, path) is that of a
    generated page. (convert leaves a file at a generated page's own path to the writer, which skips it
    and writes the rest; a page at another path but the same address would silently replace one.)"""
    urls = SiteUrls(project.use_directory_urls)
    by_address = {address(urls, path): path for path in generated}
    docs = project.shown(project.docs_dir)
    problems = []
    for path in own_pages(project):
        theirs = by_address.get(address(urls, path))
        if theirs is None:
            continue
        shown = "/" + address(urls, path)
        if theirs == path:
            if not same_path:
                continue
            message = NOT_OURS
        else:
            message = (f"this page and briefkit's {docs}/{theirs} are both {shown}: MkDocs would build one and "
                       "lose the other; rename or move this page")
        if not project.folder:  # a site of its own adding briefkit: the way out that keeps every page of it
            message += ("; or give briefkit a folder of its own in the site, extra.briefkit.root "
                        "(docs/adding-to-a-site.md)")
        problems.append(error(f"{docs}/{path}", 1, 1, message))
    return problems

