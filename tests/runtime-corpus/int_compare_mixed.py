# Comparisons between ints, bools, floats and big ints; chained comparisons.
print(1 == 1.0, 1 == True, 0 == False, 2 ** 70 == float(2 ** 70))
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 >= 2 > 1)
print(True + True, True * 10, False - 1)
print(max(3, 2 ** 65, -1), min(-(2 ** 65), 0))
print(5 != 5.5, 5 < 5.5, 2 ** 100 > 1e29)
print(int(True), int(-3.9), int(3.9), int("  42  "), int("-0"))
for bad in ["", "4x", "1.5", "0x"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError", e)
