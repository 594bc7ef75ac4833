class C:
    def f():
        return super().f()
