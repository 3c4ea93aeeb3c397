//! The languages of the room's sentences: announcements, size labels and "will it fit"
//! answers. English is the default; Simplified Chinese (`zh`, `zh-CN`, `zh-Hans…`) has its own
//! table. Names of products come from the caller already in the shopper's language.

use super::history::Change;
use super::measure::Units;
use crate::catalog::Dimensions;

/// The language of the room's sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    ZhHans,
}

impl Lang {
    /// The language for a BCP 47 locale: Simplified Chinese for `zh`, `zh-CN`, `zh-SG`,
    /// `zh-Hans-…` (not `zh-TW`, `zh-HK`, `zh-MO` or `zh-Hant`, which fall back to English), else
    /// English.
    pub fn for_locale(locale: &str) -> Lang {
        let subtags: Vec<&str> = locale.split(['-', '_']).collect();
        if !subtags
            .first()
            .is_some_and(|s| s.eq_ignore_ascii_case("zh"))
        {
            return Lang::En;
        }
        let traditional = subtags
            .iter()
            .skip(1)
            .take_while(|s| s.len() != 1)
            .any(|s| {
                ["hant", "tw", "hk", "mo"]
                    .iter()
                    .any(|t| s.eq_ignore_ascii_case(t))
            });
        if traditional { Lang::En } else { Lang::ZhHans }
    }

    /// A length with its unit in this language: `92 cm` / `92 厘米`.
    pub fn size(self, units: Units, mm: i64) -> String {
        self.unit_words(units.size(mm))
    }

    /// A tape-measure length in this language: `2.35 m` / `2.35 米`.
    pub fn length(self, units: Units, metres: f32) -> String {
        self.unit_words(units.length(metres))
    }

    /// Width × depth × height in this language: `210 × 92 × 83 cm` / `210 × 92 × 83 厘米`.
    pub fn dimensions(self, units: Units, d: Dimensions) -> String {
        self.unit_words(units.dimensions(d))
    }

    /// Replaces the unit abbreviations of an English measurement with this language's words.
    fn unit_words(self, s: String) -> String {
        match self {
            Lang::En => s,
            Lang::ZhHans => s
                .split(' ')
                .map(|w| match w {
                    "cm" => "厘米",
                    "m" => "米",
                    "in" => "英寸",
                    "ft" => "英尺",
                    w => w,
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// What separates two sentences of one announcement.
    pub fn sentence_join(self) -> &'static str {
        match self {
            Lang::En => ". ",
            Lang::ZhHans => "。",
        }
    }

    /// The name of an undoable change, as in "Undid the move" / "已撤销移动".
    pub fn change(self, change: Change) -> &'static str {
        match self {
            Lang::En => change.label(),
            Lang::ZhHans => match change {
                Change::Add => "添加",
                Change::Remove => "移除",
                Change::Move => "移动",
                Change::Rotate => "旋转",
                Change::Variant => "款式更改",
                Change::Duplicate => "复制",
                Change::Walls => "墙面更改",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_locales() {
        for zh in [
            "zh",
            "zh-CN",
            "zh_CN",
            "zh-Hans",
            "zh-Hans-CN",
            "zh-SG",
            "ZH-cn",
        ] {
            assert_eq!(Lang::for_locale(zh), Lang::ZhHans, "{zh}");
        }
        for other in [
            "en", "en-US", "de-DE", "zh-TW", "zh-Hant", "zh-HK", "", "und", "zhx",
        ] {
            assert_eq!(Lang::for_locale(other), Lang::En, "{other}");
        }
    }

    #[test]
    fn unit_words() {
        let d = Dimensions {
            width: 2100,
            depth: 920,
            height: 830,
        };
        assert_eq!(Lang::En.dimensions(Units::Metric, d), "210 × 92 × 83 cm");
        assert_eq!(
            Lang::ZhHans.dimensions(Units::Metric, d),
            "210 × 92 × 83 厘米"
        );
        assert_eq!(Lang::ZhHans.length(Units::Metric, 2.354), "2.35 米");
        assert_eq!(Lang::ZhHans.length(Units::Imperial, 2.1), "6 英尺 10⅝ 英寸");
        assert_eq!(Lang::ZhHans.size(Units::Metric, -30), "3 厘米");
    }
}
