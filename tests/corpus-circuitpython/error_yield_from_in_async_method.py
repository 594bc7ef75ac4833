# The error names the scope, on a CRLF-terminated traceback line.
class A:
    async def m(self, it):
        print(1)
        y = yield from it
        return y
