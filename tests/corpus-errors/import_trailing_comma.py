# `import` takes no trailing comma (only `from ... import` does).
from sys import path,
import sys,
