//! mpyc
