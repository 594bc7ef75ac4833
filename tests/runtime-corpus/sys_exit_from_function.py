# sys.exit deep in calls, through finally blocks that still run, with an int code.
import sys
def inner():
    try:
        sys.exit(5)
    finally:
        print("inner finally")
def outer():
    try:
        inner()
    finally:
        print("outer finally")
outer()
