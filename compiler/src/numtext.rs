//! Number texts: parsing float literals and writing float/complex constants the way the
//! reference does, through [`mpy_num::float`] (MicroPython's own algorithms, shared with the
//! runtime).

/// Parse the text of a float literal (underscores removed).
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    mpy_num::float::parse_float(text.as_bytes())
}

/// The text of a float constant in a .mpy (MicroPython's repr).
pub(crate) fn float_repr(x: f64) -> String {
    mpy_num::float::repr(x).as_str().to_owned()
}

/// The text of an imaginary constant (`2j`): the repr of `complex(0, imag)`.
pub(crate) fn complex_repr(imag: f64) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = mpy_num::float::write_complex_repr(&mut s, 0.0, imag);
    s
}
