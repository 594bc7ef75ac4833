# Which operations allocate: each runs under micropython.heap_lock(), and whether it raised
# MemoryError is recorded in a preallocated list, printed after unlocking. Calls, loops over
# range, small-int arithmetic and existing-object access must not allocate; building new
# containers, big ints and floats must.
import micropython

def add(a, b):
    return a + b

def kw(a, b=2, *, c=3):
    return a + b + c

def loop(n):
    t = 0
    for i in range(n):
        t += i
    return t

def nested(n):
    if n == 0:
        return 0
    return 1 + nested(n - 1)

def store():
    lst[0] = 9

class Obj:
    def __init__(self):
        self.x = 5
    def get(self):
        return self.x

def counter():
    n = 0
    while True:
        n += 1
        yield n

def delegate():
    yield from counter()

PREMADE = ValueError("premade")

def raise_catch():
    try:
        raise PREMADE
    except ValueError:
        return 1

obj = Obj()
gen = counter()
next(gen)
dgen = delegate()
next(dgen)
lst = [0, 1, 2, 3]
dct = {"a": 1}
tup = (1, 2)
big = 2 ** 100
fl = 1.5

tests = [
    ("call", lambda: add(1, 2)),
    ("call kw", lambda: kw(1, c=5)),
    ("range loop", lambda: loop(50)),
    ("recursion", lambda: nested(20)),
    ("method", lambda: obj.get()),
    ("attr store", lambda: setattr(obj, "x", 7)),
    ("list index", lambda: lst[2] + lst[-1]),
    ("list store", store),
    ("dict lookup", lambda: dct["a"]),
    ("tuple unpack", lambda: add(*tup)),
    ("small int ops", lambda: (7 * 6 - 2) // 3 % 5 << 2),
    ("compare", lambda: 3 < 4 and "a" == "a"),
    ("generator next", lambda: next(gen)),
    ("yield from next", lambda: next(dgen)),
    ("raise premade", raise_catch),
    ("new list", lambda: [1, 2]),
    ("new tuple", lambda: (lst[0], lst[1])),
    ("new dict", lambda: {"k": 1}),
    ("big int", lambda: big + 1),
    ("float", lambda: fl * 2.0),
    ("str concat", lambda: "a" + str(lst[0])),
    ("list append", lambda: lst.append(1)),
]
results = [None] * len(tests)
i = 0
for name, fn in tests:
    micropython.heap_lock()
    try:
        fn()
        results[i] = False
    except MemoryError:
        results[i] = True
    micropython.heap_unlock()
    i += 1
for (name, _), allocated in zip(tests, results):
    print(name, "allocates" if allocated else "no allocation")
