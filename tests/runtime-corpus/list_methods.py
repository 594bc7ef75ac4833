# list methods and operators.
a = [3, 1, 4, 1, 5, 9, 2, 6]
a.append(5)
a.extend([3, 5])
a.insert(0, 0)
a.insert(-1, 99)
a.insert(100, 7)
print(a, len(a), a.count(5), a.index(9), a.index(1, 3))
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(3)
a.reverse()
print(a)
a.sort()
print(a)
a.sort(reverse=True)
print(a)
a.sort(key=lambda x: (x % 3, x))
print(a)
b = a.copy()
b.clear()
print(a == b, b, [1, 2] + [3], [0] * 4, [1, [2]] * 2, 2 in [1, 2], [1, 2] < [1, 3], [1, 2] == [1, 2])
w = ["pear", "fig", "apple", "kiwi"]
print(sorted(w), sorted(w, key=len), sorted(w, key=len, reverse=True))
for bad in [lambda: [].pop(), lambda: [1].index(2), lambda: [1].remove(3)]:
    try:
        bad()
    except (IndexError, ValueError) as e:
        print(type(e).__name__, e)
