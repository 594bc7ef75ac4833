# A number token running into letters after its point: `1.__a` is no number.
x = 1._
y = 1.__a
