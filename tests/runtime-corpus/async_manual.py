# async/await driven by hand with send(): coroutines awaiting awaitables and each other.
class Yielder:
    def __init__(self, v):
        self.v = v
    def __await__(self):
        got = yield self.v
        return "resumed with %s" % got
    __iter__ = __await__
async def child(n):
    r = await Yielder("child%d" % n)
    return r + "!"
async def parent():
    a = await child(1)
    print("parent got", a)
    b = await child(2)
    print("parent got", b)
    return "parent done"
co = parent()
print(type(co).__name__)
print(co.send(None))
print(co.send("x"))
try:
    co.send("y")
except StopIteration as e:
    print("finished:", e.value)
