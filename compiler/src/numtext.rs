//! Number texts: parsing float literals and writing float/complex constants the way the
//! reference does, through [`crate::float`] (MicroPython's own algorithms).

/// Parse the text of a float literal (underscores removed).
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    crate::float::parse(text)
}

/// The text of a float constant in a .mpy (MicroPython's repr).
pub(crate) fn float_repr(x: f64) -> String {
    crate::float::repr(x)
}

/// The text of an imaginary constant (`2j`).
pub(crate) fn complex_repr(imag: f64) -> String {
    crate::float::complex_repr(imag)
}
