# Class bodies and methods closing over function locals; class defined in a loop; nonlocal
# from a method; class attributes shadowing closure variables.
def make(prefix):
    count = 0
    class Tagged:
        tag = prefix + "!"
        def label(self, x):
            return prefix + ":" + str(x)
        def bump(self):
            nonlocal count
            count += 1
            return count
    return Tagged
A = make("a")
B = make("b")
a1, a2, b1 = A(), A(), B()
print(A.tag, B.tag, a1.label(1), b1.label(2), a1.bump(), a2.bump(), b1.bump())
classes = []
for n in range(3):
    class K:
        num = n
        def get(self, n=n):
            return n * 10
    classes.append(K)
print([c.num for c in classes], [c().get() for c in classes])
def outer():
    value = "closure"
    class C:
        value = "class attr"
        def m(self):
            return value
    return C().m(), C.value
try:
    print(outer())
except NameError as e:
    # MicroPython's scoping: the class-body assignment hides the closure variable here.
    print("NameError", e)
