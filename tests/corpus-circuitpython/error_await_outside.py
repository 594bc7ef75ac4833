# `await` at module level.
x = 1
await x
