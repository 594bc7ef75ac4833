print(f"{a.get(':')}")
