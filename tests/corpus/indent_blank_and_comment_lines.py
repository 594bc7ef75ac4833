def f():
	a = 1
   
	# a comment
  # another, at another column
	return a
print(f())
