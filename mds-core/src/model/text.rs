//! Bilingual text: Japanese first, English on request.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Lang;

/// A text in Japanese and English. Japanese is the default language of every form and report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Japanese text.
    pub ja: String,
    /// English text.
    pub en: String,
}

impl Text {
    /// A text from its Japanese and English forms.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, falling back to the other language when that one is empty.
    ///
    /// ```
    /// use mds_core::{model::Text, Lang};
    /// let t = Text::new("はい", "Yes");
    /// assert_eq!(t.get(Lang::En), "Yes");
    /// ```
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Ja => (&self.ja, &self.en),
            Lang::En => (&self.en, &self.ja),
        };
        if first.is_empty() { second } else { first }
    }
}
