# SystemExit with a string: printed on stderr, exit status 1.
print("about to exit")
raise SystemExit("fatal: stopping")
