# A starred keyword argument value.
def f(**k):
    return k


f(x=(*[1],))
f(x=*[1])
