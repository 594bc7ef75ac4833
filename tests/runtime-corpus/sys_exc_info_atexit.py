# sys.exc_info() inside and after except blocks (also from a called function), and
# sys.atexit's function running after the program (its previous value returned).
import sys


def show():
    t, v, tb = sys.exc_info()
    print(t, v, tb)


show()
try:
    raise ValueError("v", 1)
except ValueError:
    show()
    print(sys.exc_info()[1].args)
show()
try:
    try:
        raise KeyError("k")
    except KeyError:
        show()
        raise TypeError("t")
except TypeError:
    show()
show()
state = "early"


def bye():
    print("atexit:", state)


print(sys.atexit(bye), sys.atexit(bye) is bye)
state = "late"
print("end of program")
