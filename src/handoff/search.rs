//! Matching a typed city or postcode against store addresses, ignoring case and diacritics
//! (`münchen`, `Munchen` and `Muenchen` all find `München`), in any script.

/// Lower-cases and removes diacritics from Latin letters, lower-cases Greek and Cyrillic; other
/// scripts pass through. (A small table of our own: the standard library's full Unicode case
/// tables would cost the wasm build several KB.)
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(lower) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue; // combining marks (decomposed input)
        }
        match base_letter(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    out
}

/// German-style expansion of umlauts (`ü` → `ue`), so a query typed without them matches too.
fn fold_expanded(text: &str) -> String {
    let expanded: String = text
        .chars()
        .map(lower)
        .map(|c| match c {
            'ä' | 'Ä' => "ae".to_owned(),
            'ö' | 'Ö' => "oe".to_owned(),
            'ü' | 'Ü' => "ue".to_owned(),
            c => c.to_string(),
        })
        .collect();
    fold(&expanded)
}

/// ASCII, Greek and Cyrillic capitals to small letters; Latin-1 and Latin Extended-A capitals
/// are handled by [`base_letter`].
fn lower(c: char) -> char {
    let shifted = match u32::from(c) {
        0x41..=0x5A | 0x391..=0x3A9 | 0x410..=0x42F => u32::from(c) + 0x20,
        0x400..=0x40F => u32::from(c) + 0x50,
        _ => return c,
    };
    char::from_u32(shifted).unwrap_or(c)
}

/// Whether `c` belongs to a word: ASCII letters and digits, and any non-ASCII character except
/// common punctuation and spaces (Latin-1, general and CJK punctuation, full-width forms).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(u32::from(c),
        0x80..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x206F | 0x3000..=0x303F | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

fn base_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'À' | 'á' | 'Á' | 'â' | 'Â' | 'ã' | 'Ã' | 'ä' | 'Ä' | 'å' | 'Å' | 'ā' | 'Ā' | 'ă'
        | 'Ă' | 'ą' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' | 'ć' | 'Ć' | 'ĉ' | 'Ĉ' | 'ċ' | 'Ċ' | 'č' | 'Č' => "c",
        'ď' | 'Ď' | 'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'è' | 'È' | 'é' | 'É' | 'ê' | 'Ê' | 'ë' | 'Ë' | 'ē' | 'Ē' | 'ĕ' | 'Ĕ' | 'ė' | 'Ė' | 'ę'
        | 'Ę' | 'ě' | 'Ě' => "e",
        'ĝ' | 'Ĝ' | 'ğ' | 'Ğ' | 'ġ' | 'Ġ' | 'ģ' | 'Ģ' => "g",
        'ĥ' | 'Ĥ' | 'ħ' | 'Ħ' => "h",
        'ì' | 'Ì' | 'í' | 'Í' | 'î' | 'Î' | 'ï' | 'Ï' | 'ĩ' | 'Ĩ' | 'ī' | 'Ī' | 'ĭ' | 'Ĭ' | 'į'
        | 'Į' | 'ı' | 'İ' => "i",
        'ĵ' | 'Ĵ' => "j",
        'ķ' | 'Ķ' => "k",
        'ĺ' | 'Ĺ' | 'ļ' | 'Ļ' | 'ľ' | 'Ľ' | 'ŀ' | 'Ŀ' | 'ł' | 'Ł' => "l",
        'ñ' | 'Ñ' | 'ń' | 'Ń' | 'ņ' | 'Ņ' | 'ň' | 'Ň' => "n",
        'ò' | 'Ò' | 'ó' | 'Ó' | 'ô' | 'Ô' | 'õ' | 'Õ' | 'ö' | 'Ö' | 'ø' | 'Ø' | 'ō' | 'Ō' | 'ŏ'
        | 'Ŏ' | 'ő' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ŕ' | 'Ŕ' | 'ŗ' | 'Ŗ' | 'ř' | 'Ř' => "r",
        'ś' | 'Ś' | 'ŝ' | 'Ŝ' | 'ş' | 'Ş' | 'š' | 'Š' | 'ș' | 'Ș' => "s",
        'ß' | 'ẞ' => "ss",
        'ţ' | 'Ţ' | 'ť' | 'Ť' | 'ŧ' | 'Ŧ' | 'ț' | 'Ț' => "t",
        'þ' | 'Þ' => "th",
        'ù' | 'Ù' | 'ú' | 'Ú' | 'û' | 'Û' | 'ü' | 'Ü' | 'ũ' | 'Ũ' | 'ū' | 'Ū' | 'ŭ' | 'Ŭ' | 'ů'
        | 'Ů' | 'ű' | 'Ű' | 'ų' | 'Ų' => "u",
        'ŵ' | 'Ŵ' => "w",
        'ý' | 'Ý' | 'ÿ' | 'Ÿ' | 'ŷ' | 'Ŷ' => "y",
        'ź' | 'Ź' | 'ż' | 'Ż' | 'ž' | 'Ž' => "z",
        _ => return None,
    })
}

/// Words: runs of letters and digits (a CJK address is often one long word).
pub fn tokens(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !is_word_char(c))
        .filter(|t| !t.is_empty())
        .collect()
}

/// How well `query` matches `address`: for every query word, 3 if it is a word of the address,
/// 2 if it starts one, 1 if it occurs anywhere; `None` if any query word does not occur (or the
/// query has no words).
pub fn match_score(query: &str, address: &str) -> Option<u32> {
    let query = fold(query);
    let query_tokens = tokens(&query);
    if query_tokens.is_empty() {
        return None;
    }
    [fold(address), fold_expanded(address)]
        .iter()
        .filter_map(|form| {
            let words = tokens(form);
            query_tokens.iter().try_fold(0, |score, q| {
                let best = if words.iter().any(|w| w == q) {
                    3
                } else if words.iter().any(|w| w.starts_with(q)) {
                    2
                } else if form.contains(q) {
                    1
                } else {
                    return None;
                };
                Some(score + best)
            })
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Straße Ærø ÉLAN"), "strasse aero elan");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Mu\u{308}nchen"), "munchen");
        assert_eq!(fold("上海市 Xuhui"), "上海市 xuhui");
        assert_eq!(fold("МОСКВА Ёлки ΑΘΗΝΑ"), "москва ёлки αθηνα");
        assert_eq!(fold("ŁÓDŹ ÉCOLE"), "lodz ecole");
        assert_eq!(
            tokens("上海市，徐汇区（288号）"),
            ["上海市", "徐汇区", "288号"]
        );
    }

    #[test]
    fn scores_matches() {
        let berlin = "Rosenthaler Str. 40, 10178 Berlin, Germany";
        assert_eq!(match_score("berlin", berlin), Some(3));
        assert_eq!(match_score("BERL", berlin), Some(2));
        assert_eq!(match_score("10178", berlin), Some(3));
        assert_eq!(match_score("101", berlin), Some(2));
        assert_eq!(match_score("10178 Berlin", berlin), Some(6));
        assert_eq!(match_score("Hamburg", berlin), None);
        assert_eq!(match_score("  ,, ", berlin), None);
        let munich = "Kaufingerstraße 1, 80331 München";
        for q in [
            "München",
            "munchen",
            "Muenchen",
            "MUENCHEN",
            "kaufingerstrasse",
        ] {
            assert!(match_score(q, munich).is_some(), "{q}");
        }
        let shanghai = "上海市徐汇区安福路288号 (288 Anfu Road, Xuhui, Shanghai 200031, China)";
        assert_eq!(match_score("上海", shanghai), Some(2));
        assert_eq!(match_score("徐汇区", shanghai), Some(1));
        assert_eq!(match_score("shanghai", shanghai), Some(3));
        assert_eq!(match_score("Xuhui 200031", shanghai), Some(6));
    }
}
