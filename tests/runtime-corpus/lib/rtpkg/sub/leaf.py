# rtpkg.sub.leaf: relative imports of a sibling and of the parent package.
from . import quadruple
from .. import VERSION
def describe():
    return "leaf %d %s" % (quadruple(1), VERSION)
