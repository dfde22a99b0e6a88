//! Phone numbers in logs: only the last four digits are shown.

/// `+12065550123` -> `*******0123`; anything shorter than five characters is fully masked.
pub fn mask_number(number: &str) -> String {
    let count = number.chars().count();
    if count <= 4 {
        return "*".repeat(count);
    }
    let visible: String = number.chars().skip(count - 4).collect();
    format!("{}{visible}", "*".repeat(count - 4))
}

#[cfg(test)]
mod tests {
    use super::mask_number;

    #[test]
    fn keeps_only_the_last_four_digits() {
        assert_eq!(mask_number("+12065550123"), "********0123");
        assert_eq!(mask_number("123"), "***");
        assert_eq!(mask_number(""), "");
    }
}
