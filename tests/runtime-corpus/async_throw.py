# Throwing into and closing a suspended coroutine.
class Pause:
    def __await__(self):
        yield
    __iter__ = __await__
async def worker():
    try:
        await Pause()
        print("not reached")
    except ValueError as e:
        print("worker caught", e)
        await Pause()
        return "recovered"
    finally:
        print("worker finally")
co = worker()
co.send(None)
co.throw(ValueError("cancel"))
try:
    co.send(None)
except StopIteration as e:
    print("returned", e.value)
co2 = worker()
co2.send(None)
co2.close()
print("closed")
