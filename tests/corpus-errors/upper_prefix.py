x = R"abc"
