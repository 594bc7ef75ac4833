@micropython.native
def f(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        return "zero"
    finally:
        print("finally", x)


print(f(2), f(0))
