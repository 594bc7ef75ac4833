# sys.exit() and SystemExit caught by the program, then a clean exit.
import sys
try:
    sys.exit(7)
except SystemExit as e:
    print("caught SystemExit", e.args)
try:
    raise SystemExit("text")
except SystemExit as e:
    print("caught", e)
print("then exit 0")
sys.exit()
