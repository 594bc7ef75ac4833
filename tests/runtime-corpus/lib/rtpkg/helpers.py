# rtpkg.helpers: plain functions.
def double(x):
    return 2 * x
def name():
    return __name__
