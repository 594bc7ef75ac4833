# the first statement is indented
  x = 1
