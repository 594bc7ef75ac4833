# Sequence builtins: all any enumerate filter map zip sorted reversed len list tuple.
print(all([]), all([1, 0]), all(x > 0 for x in [1, 2]), any([]), any([0, "", 3]), any(x > 5 for x in range(3)))
print(list(enumerate("abc")), list(enumerate("ab", 10)))
print(list(filter(None, [0, 1, "", "a", None, []])), list(filter(lambda x: x > 1, range(4))))
print(list(map(str, [1, 2])), list(map(pow, [2, 3], [3, 2])), list(zip()), list(zip([1, 2, 3], "ab")))
print(sorted([3, 1, 2]), sorted("cab"), sorted([3, 1, 2], reverse=True), sorted(range(5), key=lambda x: x % 2))
print(len("abc"), len([1]), len({}), len(range(3)), len(b"xy"), list("ab"), tuple([1]), list({1: 2}))
print(list(reversed((1, 2, 3))), "".join(reversed("abc")))
