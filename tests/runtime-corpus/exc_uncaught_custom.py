# Uncaught user-defined exception with several args, raised from a method.
class AppError(Exception):
    pass
class Service:
    def run(self):
        raise AppError("bad state", 42)
print("running")
Service().run()
