"""`python -m briefkit.engine_build build|serve`: see the package's docstring.

A module of its own, so that the records of a build pickle as briefkit.engine_build.keeping's classes (run as
__main__, they would be __main__'s, and read back by no other process).
"""

import sys

from briefkit.engine_build import main

sys.exit(main())
