x = 1
y = x.__debug__
