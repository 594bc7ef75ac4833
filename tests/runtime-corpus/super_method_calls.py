# super() in methods, class methods and __init__ chains; calling through super with args.
class Base:
    def greet(self, name, punct="."):
        return "hello " + name + punct
    @classmethod
    def make(cls):
        return cls.__name__
    def __str__(self):
        return "Base"
class Mid(Base):
    def greet(self, name, punct="!"):
        return super().greet(name.upper(), punct) + " (mid)"
    @classmethod
    def make(cls):
        return "Mid:" + super().make()
class Leaf(Mid):
    def greet(self, name):
        return super().greet(name) + " (leaf)"
    def __str__(self):
        return "Leaf<" + super().__str__() + ">"
print(Leaf().greet("bob"), Mid().greet("al", "?"), Leaf.make(), Mid.make(), str(Leaf()))
