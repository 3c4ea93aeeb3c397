//! Matching a typed city or postcode against store addresses, ignoring case and diacritics
//! (`münchen`, `Munchen` and `Muenchen` all find `München`), in any script.

/// Lower-cases and removes diacritics from Latin letters; other scripts pass through.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
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
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ä' => "ae".to_owned(),
            'ö' => "oe".to_owned(),
            'ü' => "ue".to_owned(),
            c => c.to_string(),
        })
        .collect();
    fold(&expanded)
}

fn base_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Words: runs of letters and digits (a CJK address is often one long word).
pub fn tokens(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
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
