"""pytest set-up for tests/python: the source tree's postprocess/ comes first on sys.path, so the
tests exercise the package as it is in the repository (tests/python/test_install.py installs it)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "postprocess"))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
