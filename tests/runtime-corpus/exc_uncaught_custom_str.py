# Uncaught exception whose class defines __str__; and an exception with no args from a method.
class Fancy(Exception):
    def __str__(self):
        return "fancy message"
def go():
    raise Fancy()
print("go")
go()
