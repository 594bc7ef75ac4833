counter = 0


@micropython.native
def bump(n):
    global counter
    counter += n
    return counter


print(bump(2), bump(3), counter)
