# The indentation after a continuation does not match.
if 1:
	x = 1
	\
  y = 2
