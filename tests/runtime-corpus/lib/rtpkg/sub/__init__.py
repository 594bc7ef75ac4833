# rtpkg.sub: a subpackage whose __init__ imports from its parent with `..`.
from ..helpers import double
def quadruple(x):
    return double(double(x))
