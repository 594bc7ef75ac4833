# Start/end positions of str methods count characters in non-ASCII text.
s = "Привет, мир"
print(s.startswith("р", 1), s.startswith("ив", 2, 4), s.endswith("ет", 0, 6), s.endswith("ир", -2))
print(s.find("и", 3), s.find("и", 3, 8), s.rfind("и", 0, 9), s.index("м", 2), s.count("и", 3))
print("абвба".find("а", 1), "абвба".find("а", 1, -1), "абвба".rfind("б", None, 3))
print("ascii".find("i", 3), "ascii".startswith("c", 2))
