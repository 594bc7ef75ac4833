# Packages and relative imports between .mpy modules.
import rtpkg
print(rtpkg.VERSION, rtpkg.double(21))
import rtpkg.helpers
print(rtpkg.helpers.name())
from rtpkg.sub import quadruple
from rtpkg.sub.leaf import describe
print(quadruple(3), describe())
import rtpkg.sub.leaf as leaf
print(leaf.describe() == describe(), leaf.__name__)
