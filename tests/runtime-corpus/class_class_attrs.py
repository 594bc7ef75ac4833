# Class bodies: class attributes computed in the body, methods referencing class attrs,
# nested classes, class-level comprehension, and instance attributes shadowing class attributes.
class Config:
    base = 10
    doubled = base * 2
    items = [i * 10 for i in range(3)]
    class Inner:
        tag = "inner"
    def get(self):
        return self.base + Config.doubled
c = Config()
print(Config.doubled, Config.items, Config.Inner.tag, c.get(), c.Inner().tag)
c.base = 1
print(c.base, Config.base, c.get())
del c.base
print(c.base)
class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
        self.id = Counter.count
objs = [Counter() for _ in range(3)]
print(Counter.count, [o.id for o in objs])
