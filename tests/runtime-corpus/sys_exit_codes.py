# SystemExit with an int code: output so far is kept and the exit status is the code.
import sys
print("exiting with 3")
sys.exit(3)
print("never")
