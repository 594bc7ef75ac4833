# SystemExit(False) and SystemExit(None) exit 0; here, raise SystemExit(2) via a nested function.
def stop():
    raise SystemExit(2)
try:
    raise SystemExit(None)
except SystemExit as e:
    print("None code", e.args)
stop()
